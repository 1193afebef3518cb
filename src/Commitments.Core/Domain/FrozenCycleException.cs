namespace Commitments.Core.Domain;

/// <summary>
/// A save would change data of a frozen reporting cycle: a commitment registered in it, a progress
/// update for it (with its values, evidence and reviews), or a frozen report itself. Thrown by the data
/// layer before anything is written; pages answer 409 with <see cref="Exception.Message"/> (Dutch, then English).
/// </summary>
public sealed class FrozenCycleException : InvalidOperationException
{
    public FrozenCycleException(int year)
        : base($"Rapportagejaar {year} is bevroren: er kan niets meer aan worden toegevoegd of gewijzigd. " +
               $"(Reporting year {year} is frozen: nothing can be added or changed any more.)") =>
        Year = year;

    private FrozenCycleException(string message) : base(message)
    {
    }

    private FrozenCycleException(int year, string message) : base(message) =>
        (Year, BeingFrozen) = (year, true);

    /// <summary>The year of the frozen cycle, when the refusal concerns one.</summary>
    public int? Year { get; }

    /// <summary>The cycle is not frozen yet, but its freeze is under way: it takes no changes until that ends.</summary>
    public bool BeingFrozen { get; }

    /// <summary>
    /// The cycle's reports are being built for its freeze: a change now would be in the database but
    /// not in the frozen files, so it is refused until the freeze is done (or has failed).
    /// </summary>
    public static FrozenCycleException Freezing(int year) =>
        new(year, $"Rapportagejaar {year} wordt nu bevroren: er kan niets meer aan worden toegevoegd of gewijzigd. " +
                  $"(Reporting year {year} is being frozen: nothing can be added or changed any more.)");

    public static FrozenCycleException ReportNeverChanges() =>
        new("Een bevroren rapportage verandert nooit. (A frozen report never changes.)");
}
