package dev.shardline.hibernate.blog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.ArrayList;
import java.util.List;

/** A user of the blog; its id is the shard key (assigned by the application, as users are created elsewhere). */
@Entity
@Table(name = "users")
public class User {
  @Id
  @Column(name = "user_id")
  private Long userId;

  private String name;

  @Version
  private int version;

  /** Loaded lazily by "... from posts where user_id = ?": the SQL carries the key. */
  @OneToMany(mappedBy = "author", fetch = FetchType.LAZY)
  @OrderBy("id")
  private List<Post> posts = new ArrayList<>();

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

  public void setName(String name) {
    this.name = name;
  }

  public int getVersion() {
    return version;
  }

  public List<Post> getPosts() {
    return posts;
  }
}
