namespace Commitments.Core.Domain;

/// <summary>
/// A frozen jaarrapportage: the exact bytes handed to the ministers, national (<see cref="RegionId"/> null)
/// or per region. Once stored it never changes, so it can be downloaded byte for byte years later.
/// </summary>
public class AnnualReport
{
    public int Id { get; set; }
    public int ReportingCycleId { get; set; }
    public ReportingCycle? ReportingCycle { get; set; }
    public int? RegionId { get; set; }
    public Region? Region { get; set; }
    public DateTime FrozenAt { get; set; }

    /// <summary>The administrator who froze the cycle (account id; kept as text, the account may be removed later).</summary>
    public string? FrozenByUserId { get; set; }

    /// <summary>The administrator's name at the time of freezing, as shown on the list of frozen reports.</summary>
    public string? FrozenByName { get; set; }
    public required string FileName { get; set; }
    public required byte[] Content { get; set; }

    /// <summary>SHA-256 of <see cref="Content"/>, hex, to prove the file is unchanged.</summary>
    public required string Sha256 { get; set; }
}
