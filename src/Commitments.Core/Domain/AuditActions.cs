namespace Commitments.Core.Domain;

/// <summary>
/// What an <see cref="AuditEntry"/> records. Stable codes stored in the database; the pages show them
/// in the reader's language (never use the Dutch label as the code).
/// </summary>
public static class AuditActions
{
    public const string CommitmentCreated = "commitment.created";
    public const string CommitmentChanged = "commitment.changed";
    public const string CommitmentSubmitted = "commitment.submitted";
    public const string CommitmentApproved = "commitment.approved";
    public const string CommitmentReturned = "commitment.returned";
    public const string CommitmentWithdrawn = "commitment.withdrawn";
    public const string CommitmentRevisionStarted = "commitment.revision-started";
    public const string CommitmentDeleted = "commitment.deleted";
    public const string CoPartnerConfirmed = "copartner.confirmed";
    public const string CoPartnerDeclined = "copartner.declined";
    public const string ReportDownloaded = "report.downloaded";
    public const string AccountSignedIn = "account.signed-in";
    public const string AccountSignInFailed = "account.sign-in-failed";
    public const string AccountLockedOut = "account.locked-out";
    public const string PasswordResetRequested = "account.password-reset-requested";
    public const string PasswordReset = "account.password-reset";
    public const string PasswordChanged = "account.password-changed";
    public const string TwoFactorEnabled = "account.two-factor-enabled";
    public const string TwoFactorDisabled = "account.two-factor-disabled";
    public const string TwoFactorFailed = "account.two-factor-failed";
    public const string TwoFactorReset = "account.two-factor-reset";
    public const string RecoveryCodeUsed = "account.recovery-code-used";
    public const string RecoveryCodesRenewed = "account.recovery-codes-renewed";
    public const string SignedOutEverywhere = "account.signed-out-everywhere";
    public const string AccountRemovalRequested = "account.removal-requested";
    public const string AccountAnonymised = "account.anonymised";
    public const string InvitationSent = "invitation.sent";
    public const string InvitationAccepted = "invitation.accepted";
    public const string InvitationRevoked = "invitation.revoked";
    public const string OrganizationCreated = "organization.created";
    public const string OrganizationChanged = "organization.changed";
    public const string OrganizationDeactivated = "organization.deactivated";
    public const string OrganizationReactivated = "organization.reactivated";
    public const string UserChanged = "user.changed";
    public const string UserDeactivated = "user.deactivated";
    public const string UserReactivated = "user.reactivated";
    public const string CycleCreated = "cycle.created";
    public const string CycleChanged = "cycle.changed";
    public const string CycleFrozen = "cycle.frozen";
    public const string ReportRequested = "report.requested";
    public const string ThemeCreated = "theme.created";
    public const string ThemeChanged = "theme.changed";
    public const string ProgressSubmitted = "progress.submitted";
    public const string ProgressApproved = "progress.approved";
    public const string ProgressReturned = "progress.returned";
    public const string EvidenceAdded = "evidence.added";
    public const string EvidenceRemoved = "evidence.removed";
}
