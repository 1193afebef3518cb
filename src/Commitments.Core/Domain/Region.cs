namespace Commitments.Core.Domain;

/// <summary>A landsdeel: one of the pact's regions, with the provinces it covers.</summary>
public class Region
{
    public int Id { get; set; }

    /// <summary>Short stable key used in URLs, e-mail addresses and configuration ("noord").</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public List<Province> Provinces { get; set; } = [];
}

public class Province
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int RegionId { get; set; }
    public Region? Region { get; set; }
}
