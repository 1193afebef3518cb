using System.Linq.Expressions;
using System.Reflection;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Tenancy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Commitments.Core.Persistence;

/// <summary>
/// Refuses a save that would write outside the context's <see cref="DataScope"/>. It runs inside
/// SaveChanges, before anything is sent to the database, so a refused save writes nothing at all.
/// </summary>
/// <remarks>
/// Who owns a changed or deleted row is read from the <b>database</b>, never from the values the change
/// tracker holds: for an entity that was attached rather than loaded (<c>db.Update(new Indicator { Id =
/// postedId, … })</c>) those "original" values are whatever the caller put in, while EF writes
/// <c>UPDATE … WHERE Id = @postedId</c>. New values are judged too, so a row can neither be changed
/// outside the scope nor moved out of it. Which tables are tenant data, and how their rows reach their
/// owner, comes from the model (<see cref="TenancyModel"/>); each table is read at most once per save.
/// </remarks>
internal sealed class DataScopeGuard(CommitmentsDbContext db)
{
    /// <summary>Tenant tables that only some scopes may add to or change, whoever owns the row.</summary>
    private static readonly Dictionary<Type, (DataScopeKind[] Kinds, string Why)> WritersOnly = new()
    {
        [typeof(Review)] = ([DataScopeKind.Region, DataScopeKind.Everything], "only a regional lead reviews"),
        [typeof(ReminderLog)] = ([DataScopeKind.Everything], "reminders are logged by the reminder job only"),
    };

    /// <summary>Identity tables that carry a user's access (roles, claims); the rest (tokens, logins) is the user's own.</summary>
    private static readonly HashSet<Type> AccessTables =
    [
        typeof(IdentityRole), typeof(IdentityUserRole<string>), typeof(IdentityUserClaim<string>), typeof(IdentityRoleClaim<string>),
    ];

    private readonly DataScope _scope = db.Scope;
    private readonly TenancyModel _tenancy = TenancyModel.For(db.Model);

    /// <summary>Owning organisations met so far, with the row that led to each (for the message).</summary>
    private readonly List<(int? OrganizationId, EntityEntry Entry)> _owners = [];

    /// <summary>Rows of tenant tables whose owner must still be looked up, per table, by key.</summary>
    private readonly Dictionary<TenantTable, Dictionary<object, EntityEntry>> _pending = [];

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }

        foreach (var entry in changed.Where(e => e.Entity is AuditEntry))
        {
            CheckAuditEntry(entry);
        }
        if (_scope.Kind == DataScopeKind.Everything)
        {
            return;
        }

        var users = new List<EntityEntry>();
        foreach (var entry in changed)
        {
            if (entry.Entity is AuditEntry or OutboxMessage or DataProtectionKey)
            {
                continue; // infrastructure rows, not tenant data (audit rows are checked above)
            }
            if (entry.Entity is AppUser)
            {
                users.Add(entry);
                continue;
            }
            if (entry.Metadata.ClrType.Namespace?.StartsWith("Microsoft.AspNetCore.Identity", StringComparison.Ordinal) == true)
            {
                if (AccessTables.Contains(entry.Metadata.ClrType))
                {
                    Refuse(entry, "only an administrator changes roles and claims");
                }
                continue; // a user's own tokens and logins
            }
            if (_tenancy.Find(entry.Metadata) is not { } table)
            {
                // Reference data (regions, provinces, themes, cycles), organisations and frozen reports.
                Refuse(entry, "only an administrator can change this");
                continue;
            }
            if (_scope.Kind is DataScopeKind.None or DataScopeKind.NationalReadOnly)
            {
                Refuse(entry, _scope.Kind == DataScopeKind.None ? "there is no data scope" : "this scope is read-only");
            }
            if (entry.State != EntityState.Deleted && WritersOnly.TryGetValue(entry.Metadata.ClrType, out var writers)
                && !writers.Kinds.Contains(_scope.Kind))
            {
                Refuse(entry, writers.Why);
            }
            CheckInvitationRole(entry);
            if (IsCoPartnersOwnAnswer(entry))
            {
                continue;
            }

            if (entry.State != EntityState.Added)
            {
                if (table.OwnersAreInKey)
                {
                    Follow(table, entry, p => entry.Property(p.Name).OriginalValue);
                }
                else
                {
                    Pending(table, KeyOf(entry, original: true), entry);
                }
            }
            if (entry.State != EntityState.Deleted)
            {
                Follow(table, entry, p => entry.Property(p.Name).CurrentValue);
            }
        }

        await ResolvePendingAsync(cancellationToken);
        await CheckOwnersAsync(cancellationToken);
        await CheckUsersAsync(users, cancellationToken);
    }

    /// <summary>The history is append-only for everyone; a line may name only an organisation the scope may see.</summary>
    private void CheckAuditEntry(EntityEntry entry)
    {
        if (entry.State != EntityState.Added)
        {
            Refuse(entry, "the history is append-only: audit entries cannot be changed or deleted");
        }
        var organizationId = ((AuditEntry)entry.Entity).OrganizationId;
        if (organizationId != null && _scope.Kind is not (DataScopeKind.Everything or DataScopeKind.NationalReadOnly))
        {
            _owners.Add((organizationId, entry));
        }
    }

    private void CheckInvitationRole(EntityEntry entry)
    {
        if (entry.Entity is Invitation && entry.State != EntityState.Deleted
            && entry.Property(nameof(Invitation.Role)).CurrentValue as string != Roles.Partner)
        {
            Refuse(entry, "only an administrator can invite someone to a role other than partner");
        }
    }

    /// <summary>
    /// The one write a co-partner makes on another organisation's commitment: its own answer to the
    /// request (confirm or decline) on its own co-partner row, and nothing else on that row.
    /// </summary>
    private bool IsCoPartnersOwnAnswer(EntityEntry entry) =>
        entry.Entity is CommitmentCoPartner
        && entry.State == EntityState.Modified
        && _scope.Kind == DataScopeKind.Organization
        && (int)entry.Property(nameof(CommitmentCoPartner.OrganizationId)).OriginalValue! == _scope.OrganizationId
        && entry.Properties.Where(p => p.IsModified).All(p =>
            p.Metadata.Name is nameof(CommitmentCoPartner.Response) or nameof(CommitmentCoPartner.RespondedAt));

    /// <summary>Follows the owning keys of a row, with values taken by <paramref name="value"/>.</summary>
    private void Follow(TenantTable table, EntityEntry entry, Func<IProperty, object?> value)
    {
        foreach (var owner in table.Owners)
        {
            var key = value(owner.Property);
            if (owner.IsOrganization)
            {
                _owners.Add(((int?)key, entry)); // null: a row without an owner, only an administrator's
            }
            else if (key != null)
            {
                Pending(_tenancy.Find(owner.Principal)!, key, entry);
            }
        }
    }

    private void Pending(TenantTable table, object key, EntityEntry because)
    {
        if (!_pending.TryGetValue(table, out var keys))
        {
            _pending[table] = keys = [];
        }
        keys.TryAdd(key, because);
    }

    /// <summary>
    /// Looks up the owners of the pending rows, deepest tables first, so that each table is read once:
    /// a progress update's commitment is known before the commitments are read. Rows added in this
    /// same save are not in the database yet; their values are their own.
    /// </summary>
    private async Task ResolvePendingAsync(CancellationToken ct)
    {
        while (_pending.Count > 0)
        {
            var table = _pending.Keys.MaxBy(t => t.Depth)!;
            var keys = _pending[table];
            _pending.Remove(table);

            var added = db.ChangeTracker.Entries()
                .Where(e => e.State == EntityState.Added && e.Metadata == table.Type)
                .ToDictionary(e => KeyOf(e, original: false));
            var stored = new List<object>();
            foreach (var (key, because) in keys)
            {
                if (added.TryGetValue(key, out var addedEntry))
                {
                    Follow(table, addedEntry, p => addedEntry.Property(p.Name).CurrentValue);
                }
                else
                {
                    stored.Add(key);
                }
            }
            if (stored.Count == 0)
            {
                continue;
            }

            var rows = await ReadStoredAsync(table.Type, stored, table.Owners.Select(o => o.Property).ToList(), ct);
            foreach (var key in stored)
            {
                var because = keys[key];
                if (!rows.TryGetValue(key, out var values))
                {
                    if (because.Metadata == table.Type && because.State != EntityState.Added)
                    {
                        continue; // the row itself is gone; EF will report the concurrency conflict
                    }
                    Refuse(because, $"it refers to a row of {table.TableName} that does not exist");
                    continue;
                }
                for (var i = 0; i < table.Owners.Count; i++)
                {
                    var owner = table.Owners[i];
                    if (owner.IsOrganization)
                    {
                        _owners.Add(((int?)values[i], because));
                    }
                    else if (values[i] != null)
                    {
                        Pending(_tenancy.Find(owner.Principal)!, values[i]!, because);
                    }
                }
            }
        }
    }

    private async Task CheckOwnersAsync(CancellationToken ct)
    {
        if (_owners.Count == 0)
        {
            return;
        }
        if (_owners.FirstOrDefault(o => o.OrganizationId == null) is { Entry: not null } orphan)
        {
            Refuse(orphan.Entry, "a row without an organisation can only be written by an administrator");
        }
        switch (_scope.Kind)
        {
            case DataScopeKind.Organization:
                if (_owners.FirstOrDefault(o => o.OrganizationId != _scope.OrganizationId) is { Entry: not null } foreign)
                {
                    Refuse(foreign.Entry, $"it belongs to organisation {foreign.OrganizationId}, and this scope may only change data of organisation {_scope.OrganizationId}");
                }
                break;
            case DataScopeKind.Region:
                var ids = _owners.Select(o => o.OrganizationId!.Value).Distinct().ToList();
                var regions = await db.Organizations.AsNoTracking()
                    .Where(o => ids.Contains(o.Id))
                    .ToDictionaryAsync(o => o.Id, o => o.RegionId, ct);
                if (_owners.FirstOrDefault(o => regions.GetValueOrDefault(o.OrganizationId!.Value) != _scope.RegionId) is { Entry: not null } outside)
                {
                    Refuse(outside.Entry, $"it belongs to organisation {outside.OrganizationId}, outside region {_scope.RegionId}");
                }
                break;
            default:
                Refuse(_owners[0].Entry, "this scope may not change tenant data");
                break;
        }
    }

    /// <summary>
    /// Identity saves accounts on behalf of their users (sign-in counters, password, language), but
    /// the fields that decide what a user may see (organisation, region) and the accounts themselves
    /// are an administrator's: compared with what the database holds, not with what the caller says.
    /// </summary>
    private async Task CheckUsersAsync(List<EntityEntry> users, CancellationToken ct)
    {
        foreach (var entry in users.Where(e => e.State != EntityState.Modified))
        {
            Refuse(entry, "only an administrator creates or deletes accounts");
        }
        var modified = users.Where(e => e.State == EntityState.Modified).ToList();
        if (modified.Count == 0)
        {
            return;
        }
        var anchors = new[] { nameof(AppUser.OrganizationId), nameof(AppUser.RegionId) }
            .Select(p => db.Model.FindEntityType(typeof(AppUser))!.FindProperty(p)!).ToList();
        var stored = await ReadStoredAsync(modified[0].Metadata, modified.Select(e => KeyOf(e, original: true)).ToList(), anchors, ct);
        foreach (var entry in modified)
        {
            if (!stored.TryGetValue(KeyOf(entry, original: true), out var values))
            {
                continue; // gone meanwhile: EF reports the conflict
            }
            for (var i = 0; i < anchors.Count; i++)
            {
                if (!Equals(values[i], entry.Property(anchors[i].Name).CurrentValue))
                {
                    Refuse(entry, $"only an administrator changes a user's {anchors[i].Name}");
                }
            }
        }
    }

    /// <summary>
    /// Reads the given columns of the rows with these keys, past the query filters (the question is
    /// who owns a row, not whether this scope may see it): one query for the whole table.
    /// </summary>
    private Task<Dictionary<object, object?[]>> ReadStoredAsync(IEntityType type, List<object> keys, IReadOnlyList<IProperty> properties, CancellationToken ct)
    {
        var key = type.FindPrimaryKey()!.Properties;
        if (key.Count != 1)
        {
            throw new InvalidOperationException(
                $"{type.DisplayName()} has a composite key that does not contain its owner; the tenancy guard cannot look it up.");
        }
        var read = typeof(DataScopeGuard).GetMethod(nameof(ReadStoredTypedAsync), BindingFlags.NonPublic | BindingFlags.Instance)!
            .MakeGenericMethod(type.ClrType, key[0].ClrType);
        return (Task<Dictionary<object, object?[]>>)read.Invoke(this, [type, keys, key[0], properties, ct])!;
    }

    private async Task<Dictionary<object, object?[]>> ReadStoredTypedAsync<TEntity, TKey>(
        IEntityType type, List<object> keys, IProperty key, IReadOnlyList<IProperty> properties, CancellationToken ct)
        where TEntity : class
        where TKey : notnull
    {
        // The keys go in as a parameter (a member of a constant object), so the query is compiled once.
        var parameter = new KeyList<TKey>(keys.Cast<TKey>().ToList());
        var row = Expression.Parameter(typeof(TEntity), "row");
        Expression Column(IProperty p) =>
            Expression.Call(typeof(EF), nameof(EF.Property), [p.ClrType], row, Expression.Constant(p.Name));

        var where = Expression.Lambda<Func<TEntity, bool>>(
            Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(TKey)],
                Expression.Property(Expression.Constant(parameter), nameof(KeyList<TKey>.Keys)), Column(key)),
            row);
        var select = Expression.Lambda<Func<TEntity, object?[]>>(
            Expression.NewArrayInit(typeof(object), properties.Prepend(key).Select(p => Expression.Convert(Column(p), typeof(object)))),
            row);

        var set = type.HasSharedClrType ? db.Set<TEntity>(type.Name) : db.Set<TEntity>();
        var rows = await set.IgnoreQueryFilters().AsNoTracking().Where(where).Select(select).ToListAsync(ct);
        return rows.ToDictionary(r => r[0]!, r => r[1..]);
    }

    private sealed record KeyList<TKey>(List<TKey> Keys);

    private static object KeyOf(EntityEntry entry, bool original)
    {
        var key = entry.Metadata.FindPrimaryKey()!.Properties;
        if (key.Count != 1)
        {
            throw new InvalidOperationException($"{entry.Metadata.DisplayName()} has a composite key; expected its owner in the key.");
        }
        var property = entry.Property(key[0].Name);
        return (original ? property.OriginalValue : property.CurrentValue)!;
    }

    private void Refuse(EntityEntry entry, string why)
    {
        var table = entry.Metadata.GetTableName() ?? entry.Metadata.DisplayName();
        throw new DataScopeViolationException(
            $"Write refused for table {table} ({entry.Metadata.DisplayName()}, {entry.State}) in scope '{_scope.Description}': {why}.");
    }
}
