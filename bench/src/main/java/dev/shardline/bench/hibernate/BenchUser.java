package dev.shardline.bench.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** BenchCluster's users table, as an entity. */
@Entity
@Table(name = "users")
public class BenchUser {
  @Id
  @Column(name = "user_id")
  private Long userId;

  private String name;

  protected BenchUser() {
  }

  public Long getUserId() {
    return userId;
  }

  public String getName() {
    return name;
  }
}
