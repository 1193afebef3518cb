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

    /// <summary>The year of the frozen cycle, when the refusal concerns one.</summary>
    public int? Year { get; }

    public static FrozenCycleException ReportNeverChanges() =>
        new("Een bevroren rapportage verandert nooit. (A frozen report never changes.)");
}
