namespace Commitments.Core.Domain;

/// <summary>
/// When the partners of an approved commitment are reminded of a missing progress update: a reminder
/// <see cref="ReportingCycle.FirstReminderDaysBefore"/> days before the due date, one on the due date,
/// one the day after, and at <see cref="ReportingCycle.EscalateDaysAfter"/> days overdue an escalation
/// that copies the region's lead. Worked out on Amsterdam calendar dates, so daylight-saving changes
/// do not move a rung.
/// </summary>
public static class ReminderLadder
{
    /// <summary>
    /// The partner reminder due today: the latest rung whose day has come. A rung whose day passed
    /// while no run happened is not sent late next to a newer one: one mail says what matters now.
    /// </summary>
    public static ReminderKind? PartnerRung(ReportingCycle cycle, DateOnly today)
    {
        var due = cycle.UpdatesDueOn;
        if (today > due)
        {
            return ReminderKind.AfterDeadline;
        }
        if (today == due)
        {
            return ReminderKind.OnDeadline;
        }
        return today >= due.AddDays(-Math.Max(0, cycle.FirstReminderDaysBefore)) ? ReminderKind.BeforeDeadline : null;
    }

    /// <summary>True once the update is <see cref="ReportingCycle.EscalateDaysAfter"/> days overdue.</summary>
    public static bool Escalate(ReportingCycle cycle, DateOnly today) =>
        today >= cycle.UpdatesDueOn.AddDays(Math.Max(1, cycle.EscalateDaysAfter));

    /// <summary>The Monday of the week of <paramref name="day"/> (weekly digests are keyed by it).</summary>
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
