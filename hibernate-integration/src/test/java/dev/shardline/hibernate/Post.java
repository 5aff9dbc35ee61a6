package dev.shardline.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user's post: its own id (assigned by the application) and the shard key column. */
@Entity
@Table(name = "posts")
public class Post {
  @Id
  private Long id;

  @Column(name = "user_id", nullable = false)
  private Long userId;

  private String title;

  protected Post() {
  }

  public Post(long id, long userId, String title) {
    this.id = id;
    this.userId = userId;
    this.title = title;
  }

  public Long getId() {
    return id;
  }

  public Long getUserId() {
    return userId;
  }

  public String getTitle() {
    return title;
  }
}
