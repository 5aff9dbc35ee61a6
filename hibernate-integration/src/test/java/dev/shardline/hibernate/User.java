package dev.shardline.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user; its id is the shard key, assigned by the application. */
@Entity
@Table(name = "users")
public class User {
  @Id
  @Column(name = "user_id")
  private Long userId;

  private String name;

  protected User() {
  }

  public User(long userId, String name) {
    this.userId = userId;
    this.name = name;
  }

  public Long getUserId() {
    return userId;
  }

  public String getName() {
    return name;
  }
}
