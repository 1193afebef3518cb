namespace Commitments.Core.Domain;

/// <summary>A rapportagejaar: the year whose progress is reported, with its deadlines and reminder policy.</summary>
public class ReportingCycle
{
    public int Id { get; set; }
    public int Year { get; set; }

    /// <summary>Last day (Europe/Amsterdam) on which progress updates are due.</summary>
    public DateOnly UpdatesDueOn { get; set; }

    /// <summary>Day of the annual conference, when the report is frozen.</summary>
    public DateOnly FreezesOn { get; set; }

    /// <summary>Set once the annual report of this cycle has been frozen; frozen cycles change no more.</summary>
    public DateTime? FrozenAt { get; set; }

    /// <summary>How many days before <see cref="UpdatesDueOn"/> the first reminder goes out.</summary>
    public int FirstReminderDaysBefore { get; set; } = 14;

    /// <summary>How many days after <see cref="UpdatesDueOn"/> an overdue update is escalated to the regional lead.</summary>
    public int EscalateDaysAfter { get; set; } = 7;

    public List<Theme> Themes { get; set; } = [];
}
