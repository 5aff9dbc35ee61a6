package dev.shardline.hibernate;

import org.hibernate.context.spi.CurrentTenantIdentifierResolver;

/**
 * Hibernate's tenant identifier is the shard key: the key {@link ShardContext} binds on the
 * opening thread, or {@link ShardContext#UNBOUND}. Set it as {@code hibernate.tenant_identifier_resolver}.
 *
 * <p>Stateless and thread safe.
 */
public final class ShardTenantResolver implements CurrentTenantIdentifierResolver<String> {
  @Override
  public String resolveCurrentTenantIdentifier() {
    return ShardContext.current().orElse(ShardContext.UNBOUND);
  }

  /** A current session ({@code getCurrentSession()}) keeps the key it was opened with, even if the binding changed since. */
  @Override
  public boolean validateExistingCurrentSessions() {
    return false;
  }
}
