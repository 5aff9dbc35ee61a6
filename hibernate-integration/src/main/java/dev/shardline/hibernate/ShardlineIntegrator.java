package dev.shardline.hibernate;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hibernate.HibernateException;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

/**
 * Found by Hibernate through {@code META-INF/services}; acts only on session factories whose
 * connections come from {@link ShardlineConnectionProvider}. At boot it finds, for every entity
 * whose table has a shard column, the attribute that maps it, and:
 *
 * <ul>
 *   <li>refuses an entity whose shard key attribute is updatable (Hibernate would put the column
 *       in every UPDATE, which the driver refuses because it would move the row to another node);
 *   <li>registers {@link ShardKeyGuard}, which refuses, before any SQL, a write in a bound session
 *       of an entity whose own key is another.
 * </ul>
 *
 * <p>Stateless; thread safe.
 */
public final class ShardlineIntegrator implements org.hibernate.integrator.spi.Integrator {
  @Override
  public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
    MultiTenantConnectionProvider<?> provider = sessionFactory.getServiceRegistry().getService(MultiTenantConnectionProvider.class);
    if (!(provider instanceof ShardlineConnectionProvider shardline)) {
      return;
    }
    Map<String, ShardKeyGuard.KeyAttribute> keys = new HashMap<>();
    for (PersistentClass entity : metadata.getEntityBindings()) {
      keyAttribute(entity, shardline.shardColumns()).ifPresent(attribute -> keys.put(entity.getEntityName(), attribute));
    }
    ShardKeyGuard guard = new ShardKeyGuard(Map.copyOf(keys));
    EventListenerRegistry listeners = sessionFactory.getServiceRegistry().getService(EventListenerRegistry.class);
    listeners.appendListeners(EventType.PRE_INSERT, guard);
    listeners.appendListeners(EventType.PRE_UPDATE, guard);
    listeners.appendListeners(EventType.PRE_DELETE, guard);
  }

  /** The attribute of {@code entity} that maps its table's shard column: its id, or a basic or to-one attribute. */
  private static Optional<ShardKeyGuard.KeyAttribute> keyAttribute(PersistentClass entity, ShardColumns columns) {
    String table = entity.getTable().getName();
    Optional<String> shardColumn = columns.of(table);
    if (shardColumn.isEmpty()) {
      return Optional.empty();
    }
    String column = shardColumn.get();
    Property id = entity.getIdentifierProperty();
    if (id != null && mapsOnly(id, column)) {
      return Optional.of(new ShardKeyGuard.KeyAttribute(table + "." + column, null));
    }
    for (Property property : entity.getProperties()) {
      if (!mapsOnly(property, column)) {
        continue;
      }
      // isUpdateable, not 7's isUpdatable: the spelling both 6.6 and 7 have.
      if (property.isUpdateable()) {
        throw new HibernateException("entity " + entity.getEntityName() + " maps the shard column " + table + "." + column + " to attribute "
            + property.getName() + ", which is updatable, so Hibernate sets it in every UPDATE of the entity; Shardline refuses an UPDATE that"
            + " sets the shard column (it would move the row to another node). Map it with updatable = false (@Column(name = \"" + column
            + "\", updatable = false), or the same on @JoinColumn); keys move with `shardline move`");
      }
      return Optional.of(new ShardKeyGuard.KeyAttribute(table + "." + column, property.getName()));
    }
    return Optional.empty();
  }

  private static boolean mapsOnly(Property property, String column) {
    if (property.getColumnSpan() != 1) {
      return false;
    }
    Column mapped = property.getColumns().get(0);
    return mapped.getName().replace("`", "").toLowerCase(Locale.ROOT).equals(column);
  }

  @Override
  public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
    // nothing to release: the guard holds no resources
  }
}
