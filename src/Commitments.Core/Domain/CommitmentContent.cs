using System.Text.Json;

namespace Commitments.Core.Domain;

/// <summary>
/// The content of one revision of a commitment, as it was approved: kept as JSON on the commitment
/// (<see cref="Commitment.ApprovedContent"/>) so that what the regional lead approved keeps counting,
/// and stays readable, while the partner drafts a newer revision.
/// </summary>
public sealed record CommitmentContent(
    int Revision,
    string Title,
    string? Description,
    DateOnly? StartDate,
    DateOnly? EndDate,
    decimal? BudgetEuros,
    string? InKindDescription,
    string? ContactName,
    string? ContactEmail,
    decimal LeadSharePercent,
    IReadOnlyList<CommitmentContent.ThemeRef> Themes,
    IReadOnlyList<CommitmentContent.CoPartnerShare> CoPartners,
    IReadOnlyList<CommitmentContent.IndicatorTerms> Indicators)
{
    public sealed record ThemeRef(int Id, string Name);

    public sealed record CoPartnerShare(int OrganizationId, decimal SharePercent);

    public sealed record IndicatorTerms(int Id, string Name, string Unit, decimal Baseline, decimal? Target, DateOnly? TargetDate);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The commitment as it is now (themes, co-partners and indicators must be loaded).</summary>
    public static CommitmentContent Of(Commitment c) => new(
        c.Revision, c.Title, c.Description, c.StartDate, c.EndDate, c.BudgetEuros, c.InKindDescription,
        c.ContactName, c.ContactEmail, c.LeadSharePercent,
        c.Themes.OrderBy(t => t.SortOrder).Select(t => new ThemeRef(t.Id, t.Name)).ToList(),
        c.CoPartners.OrderBy(p => p.OrganizationId).Select(p => new CoPartnerShare(p.OrganizationId, p.SharePercent)).ToList(),
        c.Indicators.OrderBy(i => i.SortOrder).ThenBy(i => i.Id)
            .Select(i => new IndicatorTerms(i.Id, i.Name, i.Unit, i.Baseline, i.Target, i.TargetDate)).ToList());

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CommitmentContent? FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<CommitmentContent>(json, Json);
}
