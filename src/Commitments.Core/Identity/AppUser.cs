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

    /// <summary>
    /// Set by an administrator when the person leaves; the account is also locked out, so it can no
    /// longer sign in, while what this user did stays in the history.
    /// </summary>
    public DateTime? DeactivatedAt { get; set; }

    /// <summary>A partner's choice: one weekly digest of what is due instead of separate reminders.</summary>
    public bool PrefersWeeklyDigest { get; set; }
}
