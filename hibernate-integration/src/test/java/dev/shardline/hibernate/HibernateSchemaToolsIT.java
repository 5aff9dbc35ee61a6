package dev.shardline.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.driver.ShardlineDriver;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxNode;
import dev.shardline.sandbox.WithSandbox;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hibernate ORM 7, configured with nothing but {@code hibernate.connection.url=jdbc:shardline://...},
 * manages the schema of every node with its own schema tools and routes its statements by the
 * user_id they carry. Every test starts from {@code hbm2ddl.auto=create}, so none depends on another.
 */
@WithSandbox(nodes = 2, replicasPerNode = 1)
class HibernateSchemaToolsIT {
  private static final Class<?>[] ENTITIES = {User.class, Post.class, Comment.class};
  private static ShardedSandbox sandbox;

  @BeforeAll
  static void prepare(SandboxCluster cluster) throws Exception {
    sandbox = ShardedSandbox.prepare(cluster, "hibernate");
  }

  @AfterAll
  static void closeRuntimes() {
    // Before the shared cluster stops, so no poller or pool talks to servers that are going away.
    ShardlineDriver.shutdown();
  }

  /** A SessionFactory over jdbc:shardline:, pooled by HikariCP, that runs hbm2ddl with {@code action}. */
  private static SessionFactory sessionFactory(String action, Class<?>... entities) {
    return sessionFactory(action, "grouped", entities);
  }

  private static SessionFactory sessionFactory(String action, String metadataExtraction, Class<?>... entities) {
    StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
        .applySetting("hibernate.connection.url", sandbox.url())
        .applySetting("hibernate.connection.driver_class", ShardlineDriver.class.getName())
        .applySetting("hibernate.connection.provider_class", "org.hibernate.hikaricp.internal.HikariCPConnectionProvider")
        .applySetting("hibernate.hikari.maximumPoolSize", "4")
        // Connector/J names MariaDB "MySQL", so detection would pick MySQLDialect; the sandbox is MariaDB.
        .applySetting("hibernate.dialect", "org.hibernate.dialect.MariaDBDialect")
        .applySetting("hibernate.hbm2ddl.auto", action)
        // A schema tool error fails the bootstrap instead of being logged and skipped.
        .applySetting("hibernate.hbm2ddl.halt_on_error", "true")
        .applySetting("hibernate.hbm2ddl.jdbc_metadata_extraction_strategy", metadataExtraction)
        .build();
    try {
      MetadataSources sources = new MetadataSources(registry);
      for (Class<?> entity : entities) {
        sources.addAnnotatedClass(entity);
      }
      return sources.buildMetadata().buildSessionFactory();
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      throw e;
    }
  }

  private static void create() {
    sessionFactory("create", ENTITIES).close();
  }

  private static Set<String> tables(SandboxNode node) {
    Set<String> tables = new TreeSet<>();
    for (Map<String, Object> row : node.activeMaster().query("SELECT table_name AS t FROM information_schema.tables"
        + " WHERE table_schema = '" + sandbox.appDatabase + "'")) {
      tables.add(String.valueOf(row.get("t")));
    }
    return tables;
  }

  private static Set<String> columns(SandboxNode node, String table) {
    Set<String> columns = new TreeSet<>();
    for (Map<String, Object> row : node.activeMaster().query("SELECT column_name AS c FROM information_schema.columns"
        + " WHERE table_schema = '" + sandbox.appDatabase + "' AND table_name = '" + table + "'")) {
      columns.add(String.valueOf(row.get("c")));
    }
    return columns;
  }

  @Test
  void createMakesTheSchemaOnEveryNodesMaster() {
    create();
    for (SandboxNode node : sandbox.cluster.nodes()) {
      assertEquals(Set.of("comments", "posts", "users"), tables(node), node.name());
      assertEquals(Set.of("name", "user_id"), columns(node, "users"), node.name());
      assertEquals(Set.of("id", "title", "user_id"), columns(node, "posts"), node.name());
      assertEquals(Set.of("body", "id", "post_id", "user_id"), columns(node, "comments"), node.name());
    }
  }

  @Test
  void validateAcceptsTheSchemaCreateMade() {
    create();
    sessionFactory("validate", ENTITIES).close();
  }

  @Test
  void validateAndUpdateWorkWithPerTableMetadataExtraction() {
    create();
    // "individually" reads each table's columns with "select * from `db`.`table` where 1=0" and its
    // ResultSetMetaData, instead of DatabaseMetaData.getColumns for the whole schema ("grouped").
    sessionFactory("validate", "individually", ENTITIES).close();
    sessionFactory("update", "individually", User.class, PostWithSummary.class, Comment.class).close();
    for (SandboxNode node : sandbox.cluster.nodes()) {
      assertEquals(Set.of("id", "summary", "title", "user_id"), columns(node, "posts"), node.name());
    }
  }

  @Test
  void updateAddsANewColumnOnEveryNode() {
    create();
    sessionFactory("update", User.class, PostWithSummary.class, Comment.class).close();
    for (SandboxNode node : sandbox.cluster.nodes()) {
      assertEquals(Set.of("id", "summary", "title", "user_id"), columns(node, "posts"), node.name());
    }
    sessionFactory("validate", User.class, PostWithSummary.class, Comment.class).close();
  }

  @Test
  void entitiesCarryingTheShardKeyRouteByItAndALookupByAChildsOwnIdScattersOutsideATransaction() {
    create();
    List<Long> users = List.of(101L, 102L, 103L, 104L, 105L, 106L);
    try (SessionFactory factory = sessionFactory("validate", ENTITIES)) {
      for (long user : users) {
        // One transaction per user: every INSERT carries user_id, so all go to the user's node.
        factory.inTransaction(session -> {
          session.persist(new User(user, "user " + user));
          session.persist(new Post(user * 10, user, "first post of " + user));
          session.persist(new Post(user * 10 + 1, user, "second post of " + user));
          session.persist(new Comment(user * 100, user * 10, user, "comment by " + user));
        });
      }

      Set<String> homes = new HashSet<>();
      for (long user : users) {
        int copies = 0;
        for (SandboxNode node : sandbox.cluster.nodes()) {
          long userRows = count(node, "users", user);
          if (userRows == 1) {
            copies++;
            homes.add(node.name());
            assertEquals(2, count(node, "posts", user), "posts of " + user + " beside the user on " + node.name());
            assertEquals(1, count(node, "comments", user), "comment of " + user + " on " + node.name());
          } else {
            assertEquals(0, count(node, "posts", user), "posts of " + user + " away from its node on " + node.name());
          }
        }
        assertEquals(1, copies, "user " + user + " lives on exactly one node");
      }
      assertEquals(2, homes.size(), "six new users spread over both nodes: " + homes);

      for (long user : users) {
        // session.get's SQL is "... from users u1_0 where u1_0.user_id=?": routed by the key.
        User found = factory.fromTransaction(session -> session.find(User.class, user));
        assertNotNull(found, "user " + user);
        assertEquals("user " + user, found.getName());
        List<Post> posts = factory.fromTransaction(session -> session.createSelectionQuery(
            "from Post p where p.userId = :user order by p.id", Post.class).setParameter("user", user).getResultList());
        assertEquals(List.of(user * 10, user * 10 + 1), posts.stream().map(Post::getId).toList(), "posts of " + user);
      }

      // A post by its own id carries no shard key. Inside a transaction it would need every node, and
      // a transaction spans one: refused. Outside one (autocommit) it is scattered over the nodes.
      RuntimeException refused = assertThrows(RuntimeException.class,
          () -> factory.fromTransaction(session -> session.find(Post.class, 1010L)));
      SQLException cause = sqlExceptionIn(refused);
      assertTrue(cause.getMessage().contains("outside a transaction"), cause.getMessage());
      sandbox.cluster.awaitReplication(java.time.Duration.ofSeconds(10));
      Post scattered = factory.fromSession(session -> session.find(Post.class, 1010L));
      assertNotNull(scattered, "post 1010 found by a scatter");
      assertEquals(101L, scattered.getUserId());
    }
  }

  private static long count(SandboxNode node, String table, long user) {
    return node.activeMaster().queryLong("SELECT COUNT(*) FROM " + sandbox.appDatabase + "." + table + " WHERE user_id = " + user);
  }

  private static SQLException sqlExceptionIn(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    throw new AssertionError("no SQLException in the chain", thrown);
  }
}
