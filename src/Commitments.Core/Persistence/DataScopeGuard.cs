using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Tenancy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Commitments.Core.Persistence;

/// <summary>
/// Refuses a save that would write outside the context's <see cref="DataScope"/>. It runs inside
/// SaveChanges, before anything is sent to the database, so a refused save writes nothing at all.
/// </summary>
internal sealed class DataScopeGuard(CommitmentsDbContext db)
{
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var scope = db.Scope;
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }

        foreach (var entry in changed)
        {
            if (entry.Entity is AuditEntry && entry.State != EntityState.Added)
            {
                throw new DataScopeViolationException("The history is append-only: audit entries cannot be changed or deleted.");
            }
        }

        if (scope.Kind == DataScopeKind.Everything)
        {
            return;
        }

        // Owner organisations of every changed tenant-owned row, original and current values both,
        // so that a row can neither be changed outside the scope nor moved out of it.
        var owners = new List<(EntityEntry Entry, int? OrganizationId)>();
        var commitmentIds = new HashSet<int>();
        var progressUpdateIds = new HashSet<int>();
        foreach (var entry in changed)
        {
            switch (entry.Entity)
            {
                case AuditEntry or OutboxMessage or DataProtectionKey:
                    break; // infrastructure rows, not tenant data
                case Commitment:
                    foreach (var org in Values<int>(entry, nameof(Commitment.OrganizationId)))
                    {
                        owners.Add((entry, org));
                    }
                    break;
                case IndicatorValue:
                    foreach (var id in Values<int>(entry, nameof(IndicatorValue.ProgressUpdateId)))
                    {
                        progressUpdateIds.Add(id);
                    }
                    break;
                case Organization:
                    if (entry.State == EntityState.Added)
                    {
                        Refuse(scope, entry, "only an administrator can add organisations");
                    }
                    owners.Add((entry, (int)entry.Property(nameof(Organization.Id)).OriginalValue!));
                    break;
                case Invitation:
                    foreach (var org in Values<int?>(entry, nameof(Invitation.OrganizationId)))
                    {
                        owners.Add((entry, org));
                    }
                    if (Values<string>(entry, nameof(Invitation.Role)).Any(r => r != Roles.Partner))
                    {
                        Refuse(scope, entry, "only an administrator can invite someone to a role other than partner");
                    }
                    break;
                case AppUser:
                    // Accounts are written by Identity (sign-in counters, password changes) on behalf of
                    // the user themselves; who may create which account is decided by the invitation.
                    break;
                case var _ when CommitmentForeignKey(entry) is { } foreignKey:
                    // Everything that hangs off a commitment (indicators, progress updates, reviews,
                    // co-partners, reminders, the commitment's themes) belongs to the commitment's owner.
                    // Found through the model, so a new dependent table is guarded without a new case here.
                    foreach (var id in Values<int>(entry, foreignKey))
                    {
                        commitmentIds.Add(id);
                    }
                    break;
                default:
                    if (entry.Metadata.ClrType.Namespace?.StartsWith("Microsoft.AspNetCore.Identity", StringComparison.Ordinal) == true)
                    {
                        break; // Identity's own tables (roles of a user, tokens, logins)
                    }
                    // Reference data: regions, provinces, themes, cycles, frozen reports.
                    Refuse(scope, entry, "only an administrator can change this");
                    break;
            }
        }

        if (scope.Kind is DataScopeKind.None or DataScopeKind.NationalReadOnly && (owners.Count > 0 || commitmentIds.Count > 0 || progressUpdateIds.Count > 0))
        {
            var first = owners.Count > 0 ? owners[0].Entry : changed.First(e => e.Entity is not (AuditEntry or OutboxMessage or DataProtectionKey));
            Refuse(scope, first, scope.Kind == DataScopeKind.None ? "there is no data scope" : "this scope is read-only");
        }

        if (progressUpdateIds.Count > 0)
        {
            foreach (var id in await OwnersOfProgressUpdates(progressUpdateIds, cancellationToken))
            {
                commitmentIds.Add(id);
            }
        }

        var commitmentOwners = await OwnersOfCommitments(commitmentIds, cancellationToken);
        var allOwners = owners.Select(o => o.OrganizationId).Concat(commitmentOwners.Select(o => (int?)o))
            .Where(o => o != null).Select(o => o!.Value).Distinct().ToList();

        if (scope.Kind == DataScopeKind.Organization)
        {
            var foreign = allOwners.Where(o => o != scope.OrganizationId).ToList();
            if (foreign.Count > 0 || owners.Any(o => o.OrganizationId == null))
            {
                throw new DataScopeViolationException(
                    $"Write refused: {scope.Description} may only change data of organisation {scope.OrganizationId}.");
            }
        }
        else if (scope.Kind == DataScopeKind.Region)
        {
            var regions = await db.Organizations.AsNoTracking()
                .Where(o => allOwners.Contains(o.Id))
                .Select(o => new { o.Id, o.RegionId })
                .ToListAsync(cancellationToken);
            if (regions.Count != allOwners.Count || regions.Any(r => r.RegionId != scope.RegionId) || owners.Any(o => o.OrganizationId == null))
            {
                throw new DataScopeViolationException(
                    $"Write refused: {scope.Description} may only change data of organisations in region {scope.RegionId}.");
            }
        }
    }

    private async Task<List<int>> OwnersOfProgressUpdates(HashSet<int> ids, CancellationToken ct)
    {
        var commitmentIds = new List<int>();
        var unresolved = new List<int>();
        foreach (var id in ids)
        {
            var tracked = db.ChangeTracker.Entries<ProgressUpdate>().FirstOrDefault(e => e.Entity.Id == id);
            if (tracked != null)
            {
                commitmentIds.AddRange(Values<int>(tracked, nameof(ProgressUpdate.CommitmentId)));
            }
            else
            {
                unresolved.Add(id);
            }
        }
        if (unresolved.Count > 0)
        {
            commitmentIds.AddRange(await db.ProgressUpdates.IgnoreQueryFilters().AsNoTracking()
                .Where(u => unresolved.Contains(u.Id)).Select(u => u.CommitmentId).ToListAsync(ct));
        }
        return commitmentIds;
    }

    /// <summary>
    /// Owner organisations of the given commitments. Commitments added in this same save are
    /// read from the change tracker; the rest from the database, past the query filters, because
    /// the question here is who owns the row, not whether this scope may see it.
    /// </summary>
    private async Task<List<int>> OwnersOfCommitments(HashSet<int> ids, CancellationToken ct)
    {
        var result = new List<int>();
        var unresolved = new List<int>();
        foreach (var id in ids)
        {
            var tracked = db.ChangeTracker.Entries<Commitment>().FirstOrDefault(e => e.Entity.Id == id || e.Property(c => c.Id).CurrentValue == id);
            if (tracked != null)
            {
                result.AddRange(Values<int>(tracked, nameof(Commitment.OrganizationId)));
            }
            else
            {
                unresolved.Add(id);
            }
        }
        if (unresolved.Count > 0)
        {
            var found = await db.Commitments.IgnoreQueryFilters().AsNoTracking()
                .Where(c => unresolved.Contains(c.Id)).Select(c => c.OrganizationId).ToListAsync(ct);
            if (found.Count != unresolved.Distinct().Count())
            {
                throw new DataScopeViolationException("Write refused: the commitment does not exist.");
            }
            result.AddRange(found);
        }
        return result;
    }

    /// <summary>The property through which a row points at its commitment, if it does.</summary>
    private static string? CommitmentForeignKey(EntityEntry entry) =>
        entry.Metadata.GetForeignKeys()
            .FirstOrDefault(fk => fk.PrincipalEntityType.ClrType == typeof(Commitment))
            ?.Properties.Single().Name;

    /// <summary>Original and current value of a property (the original only matters for changes and deletes).</summary>
    private static IEnumerable<T> Values<T>(EntityEntry entry, string property)
    {
        var p = entry.Property(property);
        if (entry.State != EntityState.Added)
        {
            yield return (T)p.OriginalValue!;
        }
        if (entry.State != EntityState.Deleted)
        {
            yield return (T)p.CurrentValue!;
        }
    }

    private static void Refuse(DataScope scope, EntityEntry entry, string why) =>
        throw new DataScopeViolationException(
            $"Write refused for {entry.Metadata.ClrType.Name} ({entry.State}) in scope '{scope.Description}': {why}.");
}
