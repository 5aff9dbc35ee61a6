package dev.shardline.hibernate;

import java.util.Arrays;
import java.util.Map;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.AbstractPreDatabaseOperationEvent;
import org.hibernate.event.spi.PreDeleteEvent;
import org.hibernate.event.spi.PreDeleteEventListener;
import org.hibernate.event.spi.PreInsertEvent;
import org.hibernate.event.spi.PreInsertEventListener;
import org.hibernate.event.spi.PreUpdateEvent;
import org.hibernate.event.spi.PreUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;

/**
 * In a session bound to a shard key, a write of an entity whose own key is another is refused
 * before its SQL runs: {@link ShardKeyMismatchException}, nothing written.
 *
 * <p>Why here and not only in the driver: the driver refuses an INSERT whose key contradicts the
 * session key, but Hibernate's UPDATE and DELETE name the row by its id alone, so the driver sends
 * them to the session key's node. For another key's entity (read in the bound session by a query
 * that named that key) that is the wrong node: the row is not there (a misleading optimistic lock
 * failure), or it is there but the write bypasses that key's move protection. Entities of tables
 * with no shard column are not checked; unbound sessions are not checked (their SQL routes).
 *
 * <p>Immutable; thread safe.
 */
final class ShardKeyGuard implements PreInsertEventListener, PreUpdateEventListener, PreDeleteEventListener {
  private static final long serialVersionUID = 1L;

  /** How an entity holds its shard key: {@code attribute} null for its id. */
  record KeyAttribute(String column, String attribute) {}

  private final Map<String, KeyAttribute> keys;

  ShardKeyGuard(Map<String, KeyAttribute> keys) {
    this.keys = keys;
  }

  @Override
  public boolean onPreInsert(PreInsertEvent event) {
    check(event, event.getState(), "insert");
    return false;
  }

  @Override
  public boolean onPreUpdate(PreUpdateEvent event) {
    check(event, event.getState(), "update");
    return false;
  }

  @Override
  public boolean onPreDelete(PreDeleteEvent event) {
    check(event, event.getDeletedState(), "delete");
    return false;
  }

  private void check(AbstractPreDatabaseOperationEvent event, Object[] state, String verb) {
    SharedSessionContractImplementor session = event.getSession();
    Object tenant = session.getTenantIdentifierValue();
    if (tenant == null || ShardContext.UNBOUND.equals(tenant)) {
      return;
    }
    EntityPersister persister = event.getPersister();
    KeyAttribute key = keys.get(persister.getEntityName());
    if (key == null) {
      return;
    }
    Object value;
    if (key.attribute() == null) {
      value = event.getId();
    } else {
      int index = Arrays.asList(persister.getPropertyNames()).indexOf(key.attribute());
      value = index < 0 || state == null ? null : state[index];
      if (value != null && !(value instanceof Number) && !(value instanceof CharSequence)) {
        value = session.getFactory().getPersistenceUnitUtil().getIdentifier(value); // a to-one association
      }
    }
    if (!ShardContext.sameKey(tenant.toString(), value)) {
      throw new ShardKeyMismatchException("refused to " + verb + " " + persister.getEntityName() + "#" + event.getId() + ": its shard key ("
          + key.column() + ") is " + value + ", but the session is bound to key " + tenant + "; nothing was written. A bound session writes"
          + " only its own key's rows (they may live on another node): write it in a session bound to " + value
          + " (ShardContext.bind(" + value + ")) or in an unbound session");
    }
  }
}
