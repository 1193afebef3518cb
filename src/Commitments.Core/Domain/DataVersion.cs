namespace Commitments.Core.Domain;

/// <summary>
/// A counter in the database that every save of the data the dashboards summarise raises by one
/// (<see cref="Persistence.CommitmentsDbContext"/>). A cache of figures is valid while the counter
/// it was computed at is still current; the counter is shared by every instance of the application,
/// so a change made through one instance is seen by the others at their next request (ADR-0022).
/// One row, <see cref="Summaries"/>.
/// </summary>
public class DataVersion
{
    /// <summary>The row of the counter for commitments and everything counted with them.</summary>
    public const int Summaries = 1;

    public int Id { get; set; }
    public long Value { get; set; }
}
