namespace Commitments.Core.Domain;

/// <summary>Something measurable in a commitment, e.g. "stageplaatsen techniek", aantal, 0 → 120 by 31-12-2020.</summary>
public class Indicator
{
    public int Id { get; set; }
    public int CommitmentId { get; set; }
    public Commitment? Commitment { get; set; }
    public required string Name { get; set; }

    /// <summary>Unit in words: "aantal", "euro", "procent", "leerlingen".</summary>
    public required string Unit { get; set; }

    public decimal Baseline { get; set; }
    public decimal? Target { get; set; }
    public DateOnly? TargetDate { get; set; }
    public int SortOrder { get; set; }
}
