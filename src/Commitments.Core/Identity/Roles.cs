namespace Commitments.Core.Identity;

/// <summary>The four roles of the product. Names are stored in the database; do not rename.</summary>
public static class Roles
{
    public const string Partner = "Partner";
    public const string RegionalLead = "RegionalLead";
    public const string Ministry = "Ministry";
    public const string Administrator = "Administrator";

    public static readonly IReadOnlyList<string> All = [Partner, RegionalLead, Ministry, Administrator];
}

/// <summary>Claim types that carry a user's tenancy anchor into the sign-in cookie.</summary>
public static class ScopeClaimTypes
{
    public const string OrganizationId = "commitments:organization";
    public const string RegionId = "commitments:region";
}
