using System.Collections.Concurrent;
using Commitments.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Commitments.Core.Persistence;

/// <summary>
/// Which tables hold tenant data, and through which foreign keys a row reaches the organisation that
/// owns it, read from the EF model. An owning relationship is either declared on a foreign key to
/// <see cref="Organization"/> (<see cref="TenancyModelBuilderExtensions.OwnedByOrganization{TDependent, TPrincipal}"/>, e.g. a
/// commitment's lead partner), or any foreign key to a table that is itself tenant data: a new table
/// that points at a commitment, an indicator or a progress update is therefore guarded without a new
/// line of code.
/// </summary>
internal sealed class TenancyModel
{
    public const string OwnerAnnotation = "Commitments:TenancyOwner";

    private static readonly ConcurrentDictionary<IModel, TenancyModel> Cache = new(ReferenceEqualityComparer.Instance);

    private readonly Dictionary<IEntityType, TenantTable> _tables;

    private TenancyModel(IModel model)
    {
        // Fixed point: a table is tenant data when one of its foreign keys is a declared owner, or
        // points at a table that is tenant data.
        var tenant = new HashSet<IEntityType>();
        bool grew;
        do
        {
            grew = false;
            foreach (var type in model.GetEntityTypes().Where(t => !tenant.Contains(t)))
            {
                if (type.GetForeignKeys().Any(fk => IsDeclaredOwner(fk) || tenant.Contains(fk.PrincipalEntityType)))
                {
                    tenant.Add(type);
                    grew = true;
                }
            }
        } while (grew);

        _tables = [];
        foreach (var type in tenant)
        {
            Add(type, tenant, []);
        }
    }

    private TenantTable Add(IEntityType type, HashSet<IEntityType> tenant, HashSet<IEntityType> path)
    {
        if (_tables.TryGetValue(type, out var known))
        {
            return known;
        }
        if (!path.Add(type))
        {
            throw new InvalidOperationException($"The ownership of {type.DisplayName()} goes round in a circle.");
        }
        var owners = type.GetForeignKeys()
            .Where(fk => IsDeclaredOwner(fk) || tenant.Contains(fk.PrincipalEntityType))
            .Select(fk => new OwnerKey(fk, IsDeclaredOwner(fk)))
            .ToList();
        // Depth: steps to the owning organisation. Resolving deepest tables first lets each table be
        // read once per save.
        var depth = 1 + owners.Max(o => o.IsOrganization ? 0 : Add(o.Principal, tenant, path).Depth);
        return _tables[type] = new TenantTable(type, owners, depth);
    }

    private static bool IsDeclaredOwner(IForeignKey fk) => fk.FindAnnotation(OwnerAnnotation) != null;

    public static TenancyModel For(IModel model) => Cache.GetOrAdd(model, m => new TenancyModel(m));

    /// <summary>The tenant table of this entity type, or null for reference data and infrastructure.</summary>
    public TenantTable? Find(IEntityType type) => _tables.GetValueOrDefault(type);

    public IEnumerable<TenantTable> Tables => _tables.Values;
}

/// <summary>A table of tenant data, the keys through which its rows reach their owner, and how many steps away it is.</summary>
internal sealed record TenantTable(IEntityType Type, IReadOnlyList<OwnerKey> Owners, int Depth)
{
    /// <summary>
    /// True when every owning foreign key is part of the primary key. EF writes UPDATE/DELETE by the
    /// key, so for such rows the key itself says who owns the row that would be hit.
    /// </summary>
    public bool OwnersAreInKey => Owners.All(o => o.Property.IsPrimaryKey());

    public string TableName => Type.GetTableName() ?? Type.DisplayName();
}

/// <summary>
/// One foreign key along which a row reaches its owner: either the owning organisation itself
/// (<see cref="IsOrganization"/>) or a row of another tenant table.
/// </summary>
internal sealed record OwnerKey(IForeignKey ForeignKey, bool IsOrganization)
{
    public IProperty Property => ForeignKey.Properties.Single();
    public IEntityType Principal => ForeignKey.PrincipalEntityType;
}

public static class TenancyModelBuilderExtensions
{
    /// <summary>
    /// Declares that the organisation at the end of this relationship owns the dependent row for
    /// tenancy: it is the tenant whose scope may see and change it (see <c>DataScopeGuard</c>).
    /// </summary>
    public static ReferenceCollectionBuilder<TPrincipal, TDependent> OwnedByOrganization<TPrincipal, TDependent>(
        this ReferenceCollectionBuilder<TPrincipal, TDependent> builder)
        where TPrincipal : Organization
        where TDependent : class =>
        builder.HasAnnotation(TenancyModel.OwnerAnnotation, true);
}

/// <summary>
/// A read-only, unfiltered view of the co-partner table, used only inside the commitment query filter
/// (which must ask "is this organisation a co-partner" without going through the filtered rows).
/// </summary>
internal sealed class CoPartnerLink
{
    public const string Table = "CommitmentCoPartner";
    public int CommitmentId { get; set; }
    public int OrganizationId { get; set; }
}

public static class TenancyInspection
{
    /// <summary>
    /// The tables the data layer treats as tenant data (found through the model's foreign keys), so
    /// that tests can prove each one and fail when a new table arrives without a case.
    /// </summary>
    public static IReadOnlyList<string> TenantTables(this CommitmentsDbContext db) =>
        TenancyModel.For(db.Model).Tables.Select(t => t.TableName).Order(StringComparer.Ordinal).ToList();
}
