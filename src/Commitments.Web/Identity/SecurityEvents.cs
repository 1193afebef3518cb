using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;

namespace Commitments.Web.Identity;

/// <summary>
/// Security events in the audit trail (ASVS 7.2): who signed in or failed to, lockouts, password
/// resets and changes, invitations. The action is a code (<see cref="AuditActions"/>); pages show its
/// Dutch label (DutchLabels.AuditAction), English in Resources/SharedResource.en.resx. An address typed for an unknown account is never stored: it may
/// be a password typed in the wrong field, and the plain logs carry user ids, never addresses.
/// </summary>
public static class SecurityEvents
{
    public const string EntityType = "Account";

    public const string SignedIn = AuditActions.AccountSignedIn;
    public const string SignInFailed = AuditActions.AccountSignInFailed;
    public const string LockedOut = AuditActions.AccountLockedOut;
    public const string PasswordResetRequested = AuditActions.PasswordResetRequested;
    public const string PasswordReset = AuditActions.PasswordReset;
    public const string PasswordChanged = AuditActions.PasswordChanged;
    public const string TwoFactorEnabled = AuditActions.TwoFactorEnabled;
    public const string TwoFactorDisabled = AuditActions.TwoFactorDisabled;
    public const string TwoFactorFailed = AuditActions.TwoFactorFailed;
    public const string RecoveryCodeUsed = AuditActions.RecoveryCodeUsed;
    public const string RecoveryCodesRenewed = AuditActions.RecoveryCodesRenewed;
    public const string SignedOutEverywhere = AuditActions.SignedOutEverywhere;
    public const string InvitationSent = AuditActions.InvitationSent;
    public const string InvitationAccepted = AuditActions.InvitationAccepted;

    /// <summary>"No such account": the event is recorded, the address typed is not.</summary>
    public const string UnknownAccount = "onbekend account";

    /// <summary>An event about this account, on its own behalf.</summary>
    /// The line names no organisation: it is about the account, and it is written before the user has a
    /// scope (the tenancy guard refuses a line naming an organisation outside the writer's scope).
    public static AuditEntry AuditAccount(this CommitmentsDbContext db, string action, AppUser user, string? details = null) =>
        db.Audit(action, EntityType, user.Id, null, user.Id, user.UserName, details);

    /// <summary>An event for an address that has no account: no user, no address.</summary>
    public static AuditEntry AuditUnknownAccount(this CommitmentsDbContext db, string action) =>
        db.Audit(action, EntityType, null, null, null, null, UnknownAccount);
}
