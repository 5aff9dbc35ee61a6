package dev.shardline.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** {@link Post} in its next version, which gained a {@code summary} column: for hbm2ddl update. */
@Entity(name = "Post")
@Table(name = "posts")
public class PostWithSummary {
  @Id
  private Long id;

  @Column(name = "user_id", nullable = false)
  private Long userId;

  private String title;

  @Column(length = 500)
  private String summary;

  protected PostWithSummary() {
  }
}
