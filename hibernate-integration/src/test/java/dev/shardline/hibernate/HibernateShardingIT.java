package dev.shardline.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.shardline.driver.ShardlineDriver;
import dev.shardline.hibernate.blog.Comment;
import dev.shardline.hibernate.blog.Post;
import dev.shardline.hibernate.blog.User;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxNode;
import dev.shardline.sandbox.WithSandbox;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.Hibernate;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hibernate ORM 7 configured with properties only ({@link ShardlineConnectionProvider},
 * {@link ShardTenantResolver}, {@code hibernate.shardline.*}) on a 2-node sandbox: sessions bound to
 * a shard key, unbound sessions routed by their SQL or scattered, cluster-wide ids, and the
 * refusals. The schema is made by {@code hbm2ddl.auto=create} through the provider; each test uses
 * its own users, so none depends on another's rows.
 */
@WithSandbox(nodes = 2, replicasPerNode = 1)
@Timeout(180)
class HibernateShardingIT {
  private static final Class<?>[] ENTITIES = {User.class, Post.class, Comment.class};
  private static ShardedSandbox sandbox;
  private static SessionFactory factory;
  /** Users by the node that holds them, in id order. */
  private static final Map<String, List<Long>> usersByNode = new LinkedHashMap<>();

  @BeforeAll
  static void prepare(SandboxCluster cluster) throws Exception {
    sandbox = ShardedSandbox.prepare(cluster, "hibsharding");
    factory = sessionFactory(Map.of("hibernate.hbm2ddl.auto", "create"));
    // Twenty users, created unbound: every INSERT carries user_id, so each is placed by the directory.
    for (long user = 1; user <= 20; user++) {
      long id = user;
      factory.inTransaction(session -> session.persist(new User(id, "user " + id)));
    }
    for (SandboxNode node : sandbox.cluster.nodes()) {
      usersByNode.put(node.name(), new ArrayList<>());
    }
    for (long user = 1; user <= 20; user++) {
      usersByNode.get(nodeOf(user)).add(user);
    }
    assertTrue(usersByNode.values().stream().allMatch(list -> list.size() >= 4), "users spread over both nodes: " + usersByNode);
  }

  @AfterAll
  static void close() {
    if (factory != null) {
      factory.close();
    }
    ShardlineDriver.shutdown();
  }

  /** The properties to copy (docs/hibernate.md), plus {@code extra}. */
  static SessionFactory sessionFactory(Map<String, String> extra, Class<?>... entities) {
    StandardServiceRegistryBuilder builder = new StandardServiceRegistryBuilder()
        .applySetting("hibernate.connection.url", sandbox.bareUrl())
        .applySetting("hibernate.connection.username", SandboxCluster.APP_USER)
        .applySetting("hibernate.connection.password", SandboxCluster.APP_PASSWORD)
        .applySetting("hibernate.shardline.database", sandbox.appDatabase)
        .applySetting("hibernate.multi_tenant_connection_provider", ShardlineConnectionProvider.class.getName())
        .applySetting("hibernate.tenant_identifier_resolver", ShardTenantResolver.class.getName())
        .applySetting("hibernate.hikari.maximumPoolSize", "4")
        .applySetting("hibernate.dialect", "org.hibernate.dialect.MariaDBDialect")
        .applySetting("hibernate.jdbc.batch_size", "50")
        .applySetting("hibernate.order_inserts", "true")
        .applySetting("hibernate.hbm2ddl.halt_on_error", "true");
    extra.forEach(builder::applySetting);
    StandardServiceRegistry registry = builder.build();
    try {
      MetadataSources sources = new MetadataSources(registry);
      for (Class<?> entity : entities.length == 0 ? ENTITIES : entities) {
        sources.addAnnotatedClass(entity);
      }
      return sources.buildMetadata().buildSessionFactory();
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      throw e;
    }
  }

  private static String nodeOf(long user) {
    String home = null;
    for (SandboxNode node : sandbox.cluster.nodes()) {
      if (count(node, "users", "user_id = " + user) == 1) {
        assertNull(home, "user " + user + " on two nodes");
        home = node.name();
      }
    }
    assertNotNull(home, "user " + user + " on no node");
    return home;
  }

  private static long count(SandboxNode node, String table, String where) {
    return node.activeMaster().queryLong("SELECT COUNT(*) FROM " + sandbox.appDatabase + "." + table + " WHERE " + where);
  }

  private static SandboxNode node(String name) {
    return sandbox.cluster.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  private static List<String> nodeNames() {
    return new ArrayList<>(usersByNode.keySet());
  }

  /** The i-th user living on the i-th node. */
  private static long userOn(int node, int index) {
    return usersByNode.get(nodeNames().get(node)).get(index);
  }

  /** Persists {@code posts} posts of {@code user}, each with {@code comments} comments, in a session bound to the user. */
  private static List<Long> posts(long user, int posts, int comments) {
    List<Long> ids = new ArrayList<>();
    try (ShardContext.Binding bound = ShardContext.bind(user)) {
      factory.inTransaction(session -> {
        User author = session.getReference(User.class, user);
        for (int p = 0; p < posts; p++) {
          Post post = new Post(author, "post " + p + " of " + user);
          session.persist(post);
          ids.add(post.getId());
          for (int c = 0; c < comments; c++) {
            session.persist(new Comment(post, 99, "comment " + c + " on post " + p + " of " + user));
          }
        }
      });
    }
    return ids;
  }

  /** Autocommit reads go to replicas: wait until they have what the masters have. */
  private static void awaitReplicas() {
    sandbox.cluster.awaitReplication(Duration.ofSeconds(10));
  }

  private static <T extends Throwable> T causeIn(Throwable thrown, Class<T> type) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in the chain", thrown);
  }

  // --- persist, find, update, optimistic locking --------------------------------------------

  @Test
  void persistFindAndUpdateWithAnOptimisticLockConflictSurfacingAsHibernatesException() {
    long user = userOn(0, 0);
    long postId = posts(user, 1, 0).get(0);
    try (ShardContext.Binding bound = ShardContext.bind(user)) {
      Session first = factory.openSession();
      Session second = factory.openSession();
      try {
        Transaction t1 = first.beginTransaction();
        Transaction t2 = second.beginTransaction();
        Post a = first.find(Post.class, postId);
        Post b = second.find(Post.class, postId);
        assertEquals(a.getVersion(), b.getVersion());
        a.setTitle("first writer");
        t1.commit();
        b.setTitle("second writer");
        RuntimeException conflict = assertThrows(RuntimeException.class, t2::commit);
        boolean optimistic = conflict instanceof jakarta.persistence.OptimisticLockException
            || conflict instanceof org.hibernate.StaleStateException
            || conflict.getCause() instanceof org.hibernate.StaleStateException;
        assertTrue(optimistic, "an optimistic lock failure, got " + conflict);
      } finally {
        first.close();
        second.close();
      }
      Post reread = factory.fromTransaction(session -> session.find(Post.class, postId));
      assertEquals("first writer", reread.getTitle());
      assertEquals(1, reread.getVersion());
    }
    assertEquals(1, count(node(nodeOf(user)), "posts", "id = " + postId + " AND title = 'first writer' AND version = 1"));
  }

  @Test
  void anUnboundSessionUpdatesAUserByItsKeyButAnUpdateOfAPostByItsIdAloneIsRefused() {
    long user = userOn(1, 0);
    long postId = posts(user, 1, 0).get(0);
    factory.inTransaction(session -> session.find(User.class, user).setName("renamed"));
    assertEquals(1, count(node(nodeOf(user)), "users", "user_id = " + user + " AND name = 'renamed'"));
    // "update posts set title=?, version=? where id=? and version=?" has no key: a keyless UPDATE is refused.
    RuntimeException refused = assertThrows(RuntimeException.class, () -> factory.inTransaction(session -> session.createSelectionQuery(
        "from Post p where p.author.userId = :user", Post.class).setParameter("user", user).getSingleResult().setTitle("unbound edit")));
    SQLException cause = causeIn(refused, SQLException.class);
    assertEquals("0AS01", cause.getSQLState(), cause.getMessage());
    assertTrue(cause.getMessage().contains("no shard key"), cause.getMessage());
    assertEquals(0, count(node(nodeOf(user)), "posts", "title = 'unbound edit'"));
  }

  // --- queries --------------------------------------------------------------------------------

  @Test
  void jpqlWithTheKeyReadsTheKeysNode() {
    long user = userOn(0, 1);
    List<Long> ids = posts(user, 3, 0);
    List<Post> found = factory.fromTransaction(session -> session.createSelectionQuery(
        "from Post p where p.author.userId = :user order by p.id", Post.class).setParameter("user", user).getResultList());
    assertEquals(ids, found.stream().map(Post::getId).toList());
    Long counted = factory.fromTransaction(session -> session.createSelectionQuery(
        "select count(p) from Post p where p.author.userId = :user", Long.class).setParameter("user", user).getSingleResult());
    assertEquals(3L, counted);
  }

  @Test
  void paginationOverAScatterAcrossBothNodes() {
    long one = userOn(0, 2);
    long other = userOn(1, 2);
    List<Long> ids = new ArrayList<>(posts(one, 6, 0));
    ids.addAll(posts(other, 6, 0));
    ids.sort(Comparator.naturalOrder());
    String titles = "('post 0 of " + one + "','post 1 of " + one + "','post 2 of " + one + "','post 3 of " + one + "','post 4 of " + one
        + "','post 5 of " + one + "','post 0 of " + other + "','post 1 of " + other + "','post 2 of " + other + "','post 3 of " + other
        + "','post 4 of " + other + "','post 5 of " + other + "')";
    awaitReplicas();
    for (int first = 0; first < 12; first += 5) {
      int from = first;
      // Outside a transaction: a transaction spans one node, a scatter does not.
      List<Long> page = factory.fromSession(session -> session.createSelectionQuery(
              "select p.id from Post p where p.title in " + titles + " order by p.id", Long.class)
          .setFirstResult(from).setMaxResults(5).getResultList());
      assertEquals(ids.subList(from, Math.min(ids.size(), from + 5)), page, "page from " + from);
    }
  }

  @Test
  void lazyCollectionsLoadInBoundAndUnboundSessions() {
    long user = userOn(1, 1);
    List<Long> ids = posts(user, 2, 3);
    try (ShardContext.Binding bound = ShardContext.bind(user)) {
      factory.inTransaction(session -> {
        User author = session.find(User.class, user);
        List<Post> posts = author.getPosts();
        assertTrue(!Hibernate.isInitialized(posts));
        assertEquals(ids, posts.stream().map(Post::getId).toList());
        // "select ... from comments where post_id=?" carries no key: the binding sends it to the user's node.
        assertEquals(3, posts.get(1).getComments().size());
        assertEquals("comment 2 on post 1 of " + user, posts.get(1).getComments().get(2).getBody());
      });
    }
    // Unbound and outside a transaction, the same lazy load of comments scatters over the nodes and finds the same rows.
    awaitReplicas();
    factory.inSession(session -> {
      Post post = session.createSelectionQuery("from Post p where p.author.userId = :user order by p.id", Post.class)
          .setParameter("user", user).getResultList().get(0);
      assertEquals(List.of("comment 0 on post 0 of " + user, "comment 1 on post 0 of " + user, "comment 2 on post 0 of " + user),
          post.getComments().stream().map(Comment::getBody).toList());
    });
  }

  // --- batch inserts and ids ------------------------------------------------------------------

  @Test
  void batchInsertsWithClusterWideIdsLandOnTheKeysNode() {
    long user = userOn(0, 3);
    List<Long> ids = posts(user, 120, 0);
    assertEquals(120, new HashSet<>(ids).size());
    for (int i = 1; i < ids.size(); i++) {
      assertTrue(ids.get(i) > ids.get(i - 1), "ids increase: " + ids.get(i - 1) + " then " + ids.get(i));
    }
    String home = nodeOf(user);
    for (SandboxNode node : sandbox.cluster.nodes()) {
      assertEquals(node.name().equals(home) ? 120 : 0, count(node, "posts", "user_id = " + user), node.name());
    }
  }

  @Test
  void idsAreUniqueAcrossBothNodes() {
    posts(userOn(0, 0), 5, 2);
    posts(userOn(1, 0), 5, 2);
    Set<Long> seen = new HashSet<>();
    for (SandboxNode node : sandbox.cluster.nodes()) {
      for (Map<String, Object> row : node.activeMaster().query("SELECT id FROM " + sandbox.appDatabase + ".posts")) {
        assertTrue(seen.add(((Number) row.get("id")).longValue()), "post id " + row.get("id") + " on two nodes");
      }
    }
  }

  // --- bound and unbound lookups by a child's own id --------------------------------------------

  @Test
  void aBoundSessionFindsAPostByItsOwnIdOnTheKeysNodeOnly() {
    long user = userOn(0, 4);
    long stranger = userOn(1, 3);
    long postId = posts(user, 1, 1).get(0);
    try (ShardContext.Binding bound = ShardContext.bind(user)) {
      Post post = factory.fromTransaction(session -> session.find(Post.class, postId));
      assertNotNull(post, "the owner's session finds its post by id");
      assertEquals("post 0 of " + user, post.getTitle());
    }
    // Bound to a user of the other node, the same lookup reads that node only: the post is not there.
    try (ShardContext.Binding bound = ShardContext.bind(stranger)) {
      assertNull(factory.fromTransaction(session -> session.find(Post.class, postId)));
    }
    // withOptions().tenantIdentifier binds a session without the thread's context.
    try (Session session = factory.withOptions().tenantIdentifier((Object) ShardContext.tenantOf(user)).openSession()) {
      assertNotNull(session.find(Post.class, postId));
    }
  }

  @Test
  void anUnboundLookupByAChildsOwnIdScattersAndFindsIt() {
    long user = userOn(1, 4);
    long postId = posts(user, 1, 1).get(0);
    awaitReplicas();
    Post post = factory.fromSession(session -> session.find(Post.class, postId));
    assertNotNull(post);
    assertEquals("post 0 of " + user, post.getTitle());
    Comment comment = factory.fromSession(session -> session.createSelectionQuery(
        "from Comment c where c.post.id = :post", Comment.class).setParameter("post", postId).getSingleResult());
    assertEquals("comment 0 on post 0 of " + user, comment.getBody());
    assertNotNull(factory.fromSession(session -> session.find(Comment.class, comment.getId())));
    // Inside a transaction the same scatter is refused: a transaction spans one node.
    RuntimeException refused = assertThrows(RuntimeException.class, () -> factory.fromTransaction(session -> session.find(Post.class, postId)));
    SQLException cause = causeIn(refused, SQLException.class);
    assertEquals("25000", cause.getSQLState(), cause.getMessage());
    assertTrue(cause.getMessage().contains("outside a transaction"), cause.getMessage());
  }

  // --- refusals -------------------------------------------------------------------------------

  @Test
  void aBoundSessionRefusesToWriteAnotherKeysRowsAndNothingIsWritten() {
    long user = userOn(0, 5);
    long other = userOn(1, 5);
    long othersPost = posts(other, 1, 0).get(0);
    try (ShardContext.Binding bound = ShardContext.bind(user)) {
      // A new post of a user on the other node.
      RuntimeException insert = assertThrows(RuntimeException.class, () -> factory.inTransaction(session ->
          session.persist(new Post(session.getReference(User.class, other), "misplaced"))));
      ShardKeyMismatchException mismatch = causeIn(insert, ShardKeyMismatchException.class);
      assertTrue(mismatch.getMessage().contains("bound to key " + user) && mismatch.getMessage().contains("is " + other), mismatch.getMessage());
      // The other user's post, read by a query that names its key, then changed: its UPDATE would name the row by id only.
      RuntimeException update = assertThrows(RuntimeException.class, () -> factory.inTransaction(session -> session.createSelectionQuery(
          "from Post p where p.author.userId = :user", Post.class).setParameter("user", other).getSingleResult().setTitle("misplaced")));
      causeIn(update, ShardKeyMismatchException.class);
    }
    for (SandboxNode node : sandbox.cluster.nodes()) {
      assertEquals(0, count(node, "posts", "title = 'misplaced'"), node.name());
    }
    assertEquals(1, count(node(nodeOf(other)), "posts", "id = " + othersPost + " AND version = 0"));
  }

  @Test
  void aTypoInAShardlinePropertyFailsTheBootNamingIt() {
    RuntimeException boot = assertThrows(RuntimeException.class,
        () -> sessionFactory(Map.of("hibernate.shardline.shardColum", "user_id")).close());
    String message = causeMessages(boot);
    assertTrue(message.contains("unknown property hibernate.shardline.shardColum"), message);
    assertTrue(message.contains("hibernate.shardline.shardColumn"), "the message lists the known names: " + message);
  }

  @Test
  void aDriverValueErrorFailsTheBootNamingTheProperty() {
    RuntimeException boot = assertThrows(RuntimeException.class,
        () -> sessionFactory(Map.of("hibernate.shardline.keylessWrites", "sometimes")).close());
    String message = causeMessages(boot);
    assertTrue(message.contains("shardline.keylessWrites") && message.contains("sometimes"), message);
  }

  @Test
  void anUpdatableShardColumnIsRefusedAtBoot() {
    // dev.shardline.hibernate.Post maps user_id as a plain, updatable column.
    RuntimeException boot = assertThrows(RuntimeException.class, () -> sessionFactory(Map.of("hibernate.hbm2ddl.auto", "none"),
        dev.shardline.hibernate.Post.class).close());
    String message = causeMessages(boot);
    assertTrue(message.contains("posts.user_id") && message.contains("userId") && message.contains("updatable = false"), message);
  }

  @Test
  void anApplicationDataSourceIsUsedAsSpringBootHandsItOver() throws Exception {
    long user = userOn(1, 6);
    long postId = posts(user, 1, 0).get(0);
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl(sandbox.url());
    config.setMaximumPoolSize(2);
    try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config)) {
      StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
          .applySetting("hibernate.connection.datasource", pool)
          .applySetting("hibernate.multi_tenant_connection_provider", ShardlineConnectionProvider.class.getName())
          .applySetting("hibernate.tenant_identifier_resolver", ShardTenantResolver.class.getName())
          .applySetting("hibernate.dialect", "org.hibernate.dialect.MariaDBDialect")
          .build();
      try (SessionFactory withPool = new MetadataSources(registry).addAnnotatedClasses(ENTITIES).buildMetadata().buildSessionFactory();
          ShardContext.Binding bound = ShardContext.bind(user)) {
        assertEquals("post 0 of " + user, withPool.fromTransaction(session -> session.find(Post.class, postId)).getTitle());
      }
      assertTrue(!pool.isClosed(), "the application's pool stays open when the SessionFactory closes");
      assertEquals(0, pool.getHikariPoolMXBean().getActiveConnections(), "every connection went back");
    }
    // hibernate.shardline.* cannot reach a DataSource the application built: refused, with where to put them.
    try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config)) {
      RuntimeException boot = assertThrows(RuntimeException.class, () -> sessionFactory(Map.of("hibernate.connection.datasource", "unused"))
          .close());
      assertTrue(causeMessages(boot).contains("DataSource object"), causeMessages(boot));
      StandardServiceRegistryBuilder both = new StandardServiceRegistryBuilder()
          .applySetting("hibernate.connection.datasource", pool)
          .applySetting("hibernate.shardline.database", "app")
          .applySetting("hibernate.multi_tenant_connection_provider", ShardlineConnectionProvider.class.getName())
          .applySetting("hibernate.tenant_identifier_resolver", ShardTenantResolver.class.getName())
          .applySetting("hibernate.dialect", "org.hibernate.dialect.MariaDBDialect");
      RuntimeException refused = assertThrows(RuntimeException.class,
          () -> new MetadataSources(both.build()).addAnnotatedClasses(ENTITIES).buildMetadata().buildSessionFactory().close());
      assertTrue(causeMessages(refused).contains("put them on the DataSource's jdbc:shardline: URL"), causeMessages(refused));
    }
  }

  @Test
  void validateAcceptsTheSchemaCreateMadeAndUpdateChangesNothing() {
    sessionFactory(Map.of("hibernate.hbm2ddl.auto", "validate")).close();
    sessionFactory(Map.of("hibernate.hbm2ddl.auto", "update")).close();
    for (SandboxNode node : sandbox.cluster.nodes()) {
      long columns = node.activeMaster().queryLong("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = '"
          + sandbox.appDatabase + "' AND table_name = 'comments'");
      assertEquals(6, columns, "comments has id, post_id, user_id, commenter_id, body, version on " + node.name());
    }
  }

  private static String causeMessages(Throwable thrown) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
    }
    if (all.length() == 0) {
      fail("no message");
    }
    return all.toString();
  }
}
