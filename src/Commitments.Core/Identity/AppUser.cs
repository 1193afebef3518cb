using Microsoft.AspNetCore.Identity;

namespace Commitments.Core.Identity;

/// <summary>
/// A person with an account. A partner user belongs to one organisation, a regional lead to one
/// region; ministry users and administrators to neither.
/// </summary>
public class AppUser : IdentityUser
{
    public string? DisplayName { get; set; }
    public int? OrganizationId { get; set; }
    public int? RegionId { get; set; }

    /// <summary>"nl-NL" or "en-GB"; the language of the pages and of the e-mails this user receives.</summary>
    public string Culture { get; set; } = "nl-NL";
}
