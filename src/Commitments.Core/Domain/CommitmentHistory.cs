using System.Globalization;
using System.Text.Json;

namespace Commitments.Core.Domain;

/// <summary>One field of a commitment that changed: stable field code, and the old and new value as shown.</summary>
public sealed record FieldChange(string Field, string? From, string? To);

/// <summary>
/// The particulars of one line in a commitment's history (<see cref="AuditEntry.Details"/> as JSON):
/// which fields changed from what to what, and the comment or reason of a step.
/// </summary>
public sealed record HistoryDetails(
    int? Revision = null,
    IReadOnlyList<FieldChange>? Changes = null,
    string? Comment = null,
    string? Reason = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads the details back; lines written before details were structured give their text as the comment.</summary>
    public static HistoryDetails? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            return json.TrimStart().StartsWith('{') ? JsonSerializer.Deserialize<HistoryDetails>(json, Json) : new HistoryDetails(Comment: json);
        }
        catch (JsonException)
        {
            return new HistoryDetails(Comment: json);
        }
    }
}

/// <summary>
/// What changed between two versions of a commitment, field by field, themes, co-partners, shares and
/// indicators included. Values are written as a Dutch reader types them (dates 31-12-2020, amounts
/// 1.234,56) so the history reads the same in every language.
/// </summary>
public static class CommitmentChanges
{
    public const string Title = "Title", Description = "Description", StartDate = "StartDate", EndDate = "EndDate",
        Budget = "Budget", InKind = "InKind", ContactName = "ContactName", ContactEmail = "ContactEmail",
        LeadShare = "LeadShare", Themes = "Themes", CoPartners = "CoPartners", Indicator = "Indicator";

    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    public static IReadOnlyList<FieldChange> Between(CommitmentContent before, CommitmentContent after, Func<int, string> organizationName)
    {
        var changes = new List<FieldChange>();
        void Compare(string field, string? from, string? to)
        {
            if (!string.Equals(from, to, StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(field, from, to));
            }
        }

        Compare(Title, before.Title, after.Title);
        Compare(Description, before.Description, after.Description);
        Compare(StartDate, Date(before.StartDate), Date(after.StartDate));
        Compare(EndDate, Date(before.EndDate), Date(after.EndDate));
        Compare(Budget, Amount(before.BudgetEuros), Amount(after.BudgetEuros));
        Compare(InKind, before.InKindDescription, after.InKindDescription);
        Compare(ContactName, before.ContactName, after.ContactName);
        Compare(ContactEmail, before.ContactEmail, after.ContactEmail);
        Compare(LeadShare, Percent(before.LeadSharePercent), Percent(after.LeadSharePercent));
        Compare(Themes, List(before.Themes.Select(t => t.Name)), List(after.Themes.Select(t => t.Name)));
        Compare(CoPartners,
            List(before.CoPartners.Select(p => $"{organizationName(p.OrganizationId)} ({Percent(p.SharePercent)})")),
            List(after.CoPartners.Select(p => $"{organizationName(p.OrganizationId)} ({Percent(p.SharePercent)})")));

        // Indicators by id: changed, removed (old only) and added (new only, id 0 before saving).
        var old = before.Indicators.ToDictionary(i => i.Id);
        foreach (var indicator in after.Indicators)
        {
            Compare(Indicator, indicator.Id != 0 && old.TryGetValue(indicator.Id, out var was) ? Describe(was) : null, Describe(indicator));
        }
        foreach (var removed in before.Indicators.Where(i => after.Indicators.All(a => a.Id != i.Id)))
        {
            changes.Add(new FieldChange(Indicator, Describe(removed), null));
        }
        return changes;
    }

    private static string Describe(CommitmentContent.IndicatorTerms i) =>
        $"{i.Name} ({i.Unit}): {Number(i.Baseline)} → {(i.Target is { } t ? Number(t) : "?")}{(i.TargetDate is { } d ? " per " + Date(d) : "")}";

    private static string? Date(DateOnly? d) => d?.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    private static string? Amount(decimal? a) => a is { } v ? "€ " + v.ToString("#,##0.00", Dutch) : null;

    private static string Percent(decimal p) => p.ToString("0.##", Dutch) + "%";

    private static string Number(decimal n) => n.ToString("#,##0.##", Dutch);

    private static string? List(IEnumerable<string> items)
    {
        var text = string.Join(", ", items.Order(StringComparer.Ordinal));
        return text.Length == 0 ? null : text;
    }
}
