package dev.shardline.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A comment on a post, kept with the commenting user's rows (sharded on user_id). */
@Entity
@Table(name = "comments")
public class Comment {
  @Id
  private Long id;

  @Column(name = "post_id", nullable = false)
  private Long postId;

  @Column(name = "user_id", nullable = false)
  private Long userId;

  private String body;

  protected Comment() {
  }

  public Comment(long id, long postId, long userId, String body) {
    this.id = id;
    this.postId = postId;
    this.userId = userId;
    this.body = body;
  }

  public String getBody() {
    return body;
  }
}
