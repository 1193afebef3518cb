namespace Commitments.Core.ReferenceData;

/// <summary>
/// The pact's regions with their provinces and the themes of the 2018 conference: the starting
/// configuration of a new installation. Administrators can change regions and themes afterwards.
/// </summary>
public static class PactReferenceData
{
    public sealed record RegionDefinition(string Code, string Name, IReadOnlyList<string> Provinces);

    public static readonly IReadOnlyList<RegionDefinition> Regions =
    [
        new("noord", "Noord", ["Groningen", "Friesland", "Drenthe"]),
        new("oost", "Oost", ["Overijssel", "Gelderland"]),
        new("zuid", "Zuid", ["Noord-Brabant", "Limburg", "Zeeland"]),
        new("noordwest", "Noordwest", ["Noord-Holland", "Flevoland", "Utrecht"]),
        new("zuidwest", "Zuidwest", ["Zuid-Holland"]),
    ];

    public static readonly IReadOnlyList<string> Themes =
    [
        "Energietransitie",
        "Digitalisering",
        "Leven lang ontwikkelen",
        "Techniek in het primair onderwijs",
        "Kiezen voor techniek",
        "Leren in de techniek",
        "Werken in de techniek",
    ];
}
