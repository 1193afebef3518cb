namespace Commitments.Web.Privacy;

/// <summary>
/// Configuration section "Retention": how long rows that hold personal data or secrets are kept
/// after they stopped being needed (docs/operations.md, ADR-0018).
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Sent (and given-up) e-mail is deleted this many days after it was sent or given up.</summary>
    public int SentMailDays { get; set; } = 30;

    /// <summary>Accepted or expired invitations are deleted this many days after acceptance or expiry.</summary>
    public int InvitationDays { get; set; } = 90;

    /// <summary>
    /// Reminder and digest logs are deleted this many days after they were written, and only for
    /// reporting years the reminder job will never chase again (frozen, or conference passed).
    /// </summary>
    public int ReminderLogDays { get; set; } = 400;

    /// <summary>When the retention job runs (cron, Europe/Amsterdam): at night, after the outbox's busy hours.</summary>
    public string Cron { get; set; } = "30 3 * * *";
}
