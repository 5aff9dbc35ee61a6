package dev.shardline.hibernate;

import dev.shardline.driver.ShardlineConnection;
import java.sql.SQLException;
import java.util.EnumSet;
import org.hibernate.HibernateException;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;
import org.hibernate.generator.EventTypeSets;

/**
 * The generator behind {@link ShardlineId}; Hibernate creates it, applications use the annotation.
 * It asks the session's own logical connection for the next id, so ids come from the runtime
 * (and block cache) of the session's driver configuration; no SQL runs on the node.
 *
 * <p>Immutable; thread safe.
 */
public final class ShardlineIdGenerator implements BeforeExecutionGenerator {
  private static final long serialVersionUID = 1L;

  private final String sequence;

  public ShardlineIdGenerator(ShardlineId config) {
    this.sequence = config.value();
  }

  @Override
  public Object generate(SharedSessionContractImplementor session, Object owner, Object currentValue, EventType eventType) {
    try {
      return session.getJdbcCoordinator().getLogicalConnection().getPhysicalConnection().unwrap(ShardlineConnection.class).nextId(sequence);
    } catch (SQLException e) {
      throw new HibernateException("cannot generate an id of sequence '" + sequence + "' for " + owner.getClass().getName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public EnumSet<EventType> getEventTypes() {
    return EventTypeSets.INSERT_ONLY;
  }
}
