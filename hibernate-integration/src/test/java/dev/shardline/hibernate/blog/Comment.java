package dev.shardline.hibernate.blog;

import dev.shardline.hibernate.ShardlineId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A comment on a post. It is kept with the post (user_id is the post author's key, the shard
 * key), not with its writer (commenter_id): so the post's node holds all of its comments and a
 * session bound to the author finds them.
 */
@Entity
@Table(name = "comments")
public class Comment {
  @Id
  @ShardlineId("comments")
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "post_id", nullable = false, updatable = false)
  private Post post;

  @Column(name = "user_id", nullable = false, updatable = false)
  private Long userId;

  @Column(name = "commenter_id", nullable = false)
  private Long commenterId;

  private String body;

  @Version
  private int version;

  protected Comment() {
  }

  public Comment(Post post, long commenterId, String body) {
    this.post = post;
    this.userId = post.getAuthor().getUserId();
    this.commenterId = commenterId;
    this.body = body;
  }

  public Long getId() {
    return id;
  }

  public Post getPost() {
    return post;
  }

  public String getBody() {
    return body;
  }

  public void setBody(String body) {
    this.body = body;
  }
}
