package dev.shardline.hibernate.blog;

import dev.shardline.hibernate.ShardlineId;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * A post: a cluster-wide id from the "posts" sequence, kept with its author's rows (sharded on
 * user_id, which never changes: updatable = false).
 */
@Entity
@Table(name = "posts")
public class Post {
  @Id
  @ShardlineId("posts")
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "user_id", nullable = false, updatable = false)
  private User author;

  private String title;

  @Version
  private int version;

  /** Loaded lazily by "... from comments where post_id = ?": no key in the SQL, so the session's binding routes it. */
  @OneToMany(mappedBy = "post", fetch = FetchType.LAZY)
  @OrderBy("id")
  private List<Comment> comments = new ArrayList<>();

  protected Post() {
  }

  public Post(User author, String title) {
    this.author = author;
    this.title = title;
  }

  public Long getId() {
    return id;
  }

  public User getAuthor() {
    return author;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  public int getVersion() {
    return version;
  }

  public List<Comment> getComments() {
    return comments;
  }
}
