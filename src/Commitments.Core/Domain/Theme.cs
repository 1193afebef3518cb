namespace Commitments.Core.Domain;

/// <summary>A thema of the pact, such as Energietransitie. Which themes apply is set per reporting cycle.</summary>
public class Theme
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public int SortOrder { get; set; }
    public List<ReportingCycle> Cycles { get; set; } = [];
}
