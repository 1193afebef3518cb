namespace Commitments.Core.Tenancy;

public enum DataScopeKind
{
    /// <summary>Sees nothing. The default when no scope was set: failing closed.</summary>
    None,

    /// <summary>A partner: its own organisation, plus commitments it is co-partner on (read-only).</summary>
    Organization,

    /// <summary>A regional lead: the organisations of one region.</summary>
    Region,

    /// <summary>Everything, read-only (ministries).</summary>
    NationalReadOnly,

    /// <summary>Everything, read and write (administrators, and background jobs that say so).</summary>
    Everything,
}

/// <summary>
/// Which tenant-owned data the current unit of work may read and change. It is applied by
/// <see cref="Persistence.CommitmentsDbContext"/> to every query and every save; pages never filter by tenant.
/// </summary>
public sealed record DataScope
{
    private DataScope(DataScopeKind kind, int? organizationId, int? regionId, string description)
    {
        Kind = kind;
        OrganizationId = organizationId;
        RegionId = regionId;
        Description = description;
    }

    public DataScopeKind Kind { get; }
    public int? OrganizationId { get; }
    public int? RegionId { get; }

    /// <summary>Why this scope is in force, for logs and audit ("user x", "reminder job").</summary>
    public string Description { get; }

    public static DataScope None { get; } = new(DataScopeKind.None, null, null, "no scope");

    public static DataScope ForOrganization(int organizationId, string description) =>
        new(DataScopeKind.Organization, organizationId, null, description);

    public static DataScope ForRegion(int regionId, string description) =>
        new(DataScopeKind.Region, null, regionId, description);

    public static DataScope NationalReadOnly(string description) =>
        new(DataScopeKind.NationalReadOnly, null, null, description);

    /// <summary>Full access. Background jobs and start-up code must name why they need it.</summary>
    public static DataScope Everything(string description) =>
        new(DataScopeKind.Everything, null, null, description);

    /// <summary>True for a partner scope of exactly this organisation (the lead partner of a row).</summary>
    public bool IsOrganization(int organizationId) => Kind == DataScopeKind.Organization && OrganizationId == organizationId;

    public bool SeesEverything => Kind is DataScopeKind.Everything or DataScopeKind.NationalReadOnly;
}
