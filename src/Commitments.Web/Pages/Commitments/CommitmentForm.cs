using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
using Commitments.Core.Domain;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Commitments.Web.Pages.Commitments;

/// <summary>
/// Everything a partner fills in for a commitment, shared by Create and Edit, exactly as posted:
/// numbers stay text until <see cref="Parse"/> reads them the Dutch way (1.234,56), strictly, so
/// that "1.234" is never silently read as 1,234 and a value the database would round is refused.
/// The form is re-rendered from this object after every step (add a row, search a co-partner), so
/// whatever was typed survives those steps unchanged.
/// </summary>
public sealed partial class CommitmentForm
{
    /// <summary>More rows than any real commitment has; the form refuses to grow past it.</summary>
    public const int MaxIndicators = 50;
    public const int MaxCoPartners = 50;
    public const int IndicatorNameMaxLength = 300;
    public const int IndicatorUnitMaxLength = 60;
    public const int SearchMaxLength = 200;
    private const int NumberMaxLength = 40;

    [Required(ErrorMessage = "Geef de toezegging een titel.")]
    [StringLength(Commitment.TitleMaxLength, ErrorMessage = "De titel mag hoogstens 300 tekens lang zijn; hij is niet opgeslagen.")]
    public string Title { get; set; } = "";

    [StringLength(Commitment.DescriptionMaxLength, ErrorMessage = "De omschrijving mag hoogstens 8000 tekens lang zijn; zij is niet opgeslagen.")]
    public string? Description { get; set; }

    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }

    /// <summary>Budget as typed, e.g. "1.234,56".</summary>
    [StringLength(NumberMaxLength, ErrorMessage = "Vul het budget in euro's in, bijvoorbeeld 1.234,56.")]
    public string? Budget { get; set; }

    [StringLength(Commitment.InKindMaxLength, ErrorMessage = "De omschrijving van de inzet in natura mag hoogstens 2000 tekens lang zijn.")]
    public string? InKindDescription { get; set; }

    [StringLength(Commitment.ContactNameMaxLength, ErrorMessage = "De naam van de contactpersoon mag hoogstens 200 tekens lang zijn.")]
    public string? ContactName { get; set; }

    [StringLength(Commitment.ContactEmailMaxLength, ErrorMessage = "Het e-mailadres mag hoogstens 320 tekens lang zijn.")]
    public string? ContactEmail { get; set; }

    public List<int> ThemeIds { get; set; } = [];

    /// <summary>The lead partner's own share in percent, as typed.</summary>
    [StringLength(NumberMaxLength, ErrorMessage = "Vul het aandeel in als percentage van 0 tot 100, bijvoorbeeld 60 of 33,33.")]
    public string? LeadShare { get; set; }

    public List<CoPartnerRow> CoPartners { get; set; } = [];
    public List<IndicatorRow> Indicators { get; set; } = [];

    /// <summary>Part of an organisation's name, to find co-partners; never saved.</summary>
    [StringLength(SearchMaxLength, ErrorMessage = "Zoek met hoogstens 200 tekens.")]
    public string? CoPartnerSearch { get; set; }

    /// <summary>The version the form was loaded from, to detect a save by someone else in between.</summary>
    public Guid Version { get; set; }

    /// <summary>
    /// The commitment as it was when the form was loaded (<see cref="CommitmentContent"/> JSON). Only
    /// used to show what someone else changed meanwhile when a save is refused as stale; never saved.
    /// </summary>
    public string? OriginalContent { get; set; }

    public static CommitmentForm ForNew() => new() { LeadShare = "100", Indicators = [new IndicatorRow()] };

    public static CommitmentForm From(Commitment c)
    {
        var form = new CommitmentForm
        {
            Title = c.Title,
            Description = c.Description,
            StartDate = c.StartDate,
            EndDate = c.EndDate,
            Budget = c.BudgetEuros is { } budget ? UiFormat.Input(budget, "0.00", grouped: true) : null,
            InKindDescription = c.InKindDescription,
            ContactName = c.ContactName,
            ContactEmail = c.ContactEmail,
            ThemeIds = c.Themes.Select(t => t.Id).ToList(),
            LeadShare = Percent(c.LeadSharePercent),
            CoPartners = c.CoPartners.OrderBy(p => p.Organization?.Name, StringComparer.CurrentCulture)
                .Select(p => new CoPartnerRow { OrganizationId = p.OrganizationId, Share = Percent(p.SharePercent) }).ToList(),
            Indicators = c.Indicators.OrderBy(i => i.SortOrder).ThenBy(i => i.Id).Select(i => new IndicatorRow
            {
                Id = i.Id,
                Name = i.Name,
                Unit = i.Unit,
                Baseline = Number(i.Baseline),
                Target = i.Target is { } t ? Number(t) : null,
                TargetDate = i.TargetDate,
            }).ToList(),
        };
        form.Renew(c);
        if (form.Indicators.Count == 0)
        {
            form.Indicators.Add(new IndicatorRow()); // one row ready to fill in, as on the new-commitment form
        }
        return form;
    }

    /// <summary>Points the form at the commitment as it is now: a save from here overwrites that version.</summary>
    public void Renew(Commitment c)
    {
        Version = c.Version;
        OriginalContent = CommitmentContent.Of(c).ToJson();
    }

    /// <summary>The content the form was loaded from, if the hidden field came back readable.</summary>
    public CommitmentContent? Original()
    {
        try
        {
            return CommitmentContent.FromJson(OriginalContent);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    public static string Percent(decimal p) => UiFormat.Input(p);

    private static string Number(decimal n) => UiFormat.Input(n);

    /// <summary>The field name of a row's field as the form posts it and the error summary links it.</summary>
    public static string IndicatorKey(int index, string field) => $"{Form}.{nameof(Indicators)}[{index}].{field}";

    public static string CoPartnerKey(int index, string field) => $"{Form}.{nameof(CoPartners)}[{index}].{field}";

    /// <summary>The name the pages bind the form under; field names and error keys start with it.</summary>
    public const string Form = "Form";

    /// <summary>
    /// Reads and checks what attributes cannot, adding messages (Dutch, with English) under the form's
    /// field names. Always returns what could be read, so that the form can also be judged while
    /// incomplete (the SMART hints); use the values only to save when the model state is valid.
    /// </summary>
    public ParsedForm Parse(ModelStateDictionary modelState, IReadOnlyCollection<int> offeredThemeIds, int ownOrganizationId,
        IReadOnlyDictionary<int, FormOrganization> organizations)
    {
        void Error(string field, string message) => modelState.AddModelError($"{Form}.{field}", message);

        if (StartDate is { } start && EndDate is { } end && end < start)
        {
            Error(nameof(EndDate), Messages.Text("De einddatum ligt vóór de startdatum."));
        }

        decimal? budget = null;
        if (!string.IsNullOrWhiteSpace(Budget))
        {
            budget = DutchNumber(Budget.Replace("€", "", StringComparison.Ordinal), 2, allowNegative: false, max: 10_000_000_000_000m);
            if (budget == null)
            {
                Error(nameof(Budget), Messages.Text("Vul het budget in euro's in, bijvoorbeeld 1.234,56 (komma voor de centen)."));
            }
        }

        string? email = string.IsNullOrWhiteSpace(ContactEmail) ? null : ContactEmail.Trim();
        if (email != null && !IsEmailAddress(email))
        {
            Error(nameof(ContactEmail), Messages.Text("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl."));
        }

        var themeIds = ThemeIds.Distinct().ToList();
        if (themeIds.Any(id => !offeredThemeIds.Contains(id)))
        {
            Error(nameof(ThemeIds), Messages.Text("Kies de thema's uit de lijst van dit rapportagejaar."));
            themeIds = themeIds.Where(offeredThemeIds.Contains).ToList();
        }

        decimal? leadShare = null;
        if (string.IsNullOrWhiteSpace(LeadShare))
        {
            Error(nameof(LeadShare), Messages.Text("Vul het aandeel van uw eigen organisatie in, van 0 tot 100 procent."));
        }
        else if ((leadShare = Share(LeadShare)) == null)
        {
            Error(nameof(LeadShare), Messages.Text("Vul het aandeel van uw eigen organisatie in als percentage van 0 tot 100, bijvoorbeeld 60 of 33,33."));
        }

        var partners = new List<ParsedCoPartner>();
        if (CoPartners.Count > MaxCoPartners)
        {
            Error(nameof(CoPartners), Messages.Text("Hoogstens {0} co-partners per toezegging.", MaxCoPartners));
        }
        for (var i = 0; i < CoPartners.Count && i < MaxCoPartners; i++)
        {
            var row = CoPartners[i];
            var key = $"{nameof(CoPartners)}[{i}].{nameof(CoPartnerRow.Share)}";
            if (!organizations.TryGetValue(row.OrganizationId, out var organization))
            {
                Error(key, Messages.Text("Een gekozen co-partner bestaat niet. Verwijder de regel en zoek de organisatie opnieuw."));
                continue;
            }
            if (row.OrganizationId == ownOrganizationId)
            {
                Error(key, Messages.Text("Uw eigen organisatie is al penvoerder en kan geen co-partner zijn."));
                continue;
            }
            if (partners.Any(p => p.OrganizationId == row.OrganizationId))
            {
                Error(key, Messages.Text("{0} staat twee keer in de lijst van co-partners.", organization.Name));
                continue;
            }
            decimal? share = null;
            if (string.IsNullOrWhiteSpace(row.Share))
            {
                Error(key, Messages.Text("Vul het aandeel van {0} in, van 0 tot 100 procent.", organization.Name));
            }
            else if ((share = Share(row.Share)) == null)
            {
                Error(key, Messages.Text("Vul het aandeel van {0} in als percentage van 0 tot 100, bijvoorbeeld 40 of 33,33.", organization.Name));
            }
            partners.Add(new ParsedCoPartner(row.OrganizationId, share));
        }

        var indicators = new List<ParsedIndicator>();
        if (Indicators.Count > MaxIndicators)
        {
            Error(nameof(Indicators), Messages.Text("Hoogstens {0} indicatoren per toezegging.", MaxIndicators));
        }
        for (var i = 0; i < Indicators.Count && i < MaxIndicators; i++)
        {
            var row = Indicators[i];
            if (row.IsEmpty)
            {
                continue; // an empty row offered for a new indicator, left empty
            }
            var n = i + 1;
            void RowError(string field, string message) => modelState.AddModelError(IndicatorKey(i, field), message);
            if (string.IsNullOrWhiteSpace(row.Name))
            {
                RowError(nameof(IndicatorRow.Name), Messages.Text("Geef indicator {0} een naam, bijvoorbeeld ‘stageplaatsen techniek’.", n));
            }
            else if (row.Name.Length > IndicatorNameMaxLength)
            {
                RowError(nameof(IndicatorRow.Name), Messages.Text("De naam van indicator {0} mag hoogstens {1} tekens lang zijn.", n, IndicatorNameMaxLength));
            }
            if (string.IsNullOrWhiteSpace(row.Unit))
            {
                RowError(nameof(IndicatorRow.Unit), Messages.Text("Vul bij indicator {0} de eenheid in, bijvoorbeeld aantal of procent.", n));
            }
            else if (row.Unit.Length > IndicatorUnitMaxLength)
            {
                RowError(nameof(IndicatorRow.Unit), Messages.Text("De eenheid van indicator {0} mag hoogstens {1} tekens lang zijn.", n, IndicatorUnitMaxLength));
            }
            decimal? baseline = null;
            if (string.IsNullOrWhiteSpace(row.Baseline))
            {
                RowError(nameof(IndicatorRow.Baseline), Messages.Text("Vul bij indicator {0} de nulmeting in (0 als er nog niets is).", n));
            }
            else if ((baseline = IndicatorNumber(row.Baseline)) == null)
            {
                RowError(nameof(IndicatorRow.Baseline), Messages.Text("Vul de nulmeting van indicator {0} in als getal, bijvoorbeeld 1.250 of 12,5.", n));
            }
            decimal? target = null;
            if (!string.IsNullOrWhiteSpace(row.Target) && (target = IndicatorNumber(row.Target)) == null)
            {
                RowError(nameof(IndicatorRow.Target), Messages.Text("Vul het doel van indicator {0} in als getal, bijvoorbeeld 1.250 of 12,5.", n));
            }
            indicators.Add(new ParsedIndicator(i, row.Id, row.Name ?? "", row.Unit ?? "", baseline ?? 0, target, row.TargetDate));
        }

        return new ParsedForm(budget, email, themeIds, leadShare ?? 0, partners, indicators);
    }

    /// <summary>
    /// An address someone can be mailed at: one mailbox, no display name, no spaces, a dotted domain.
    /// .NET's parser alone accepts "Naam &lt;a@b&gt;" and "a@b".
    /// </summary>
    private static bool IsEmailAddress(string text) =>
        !text.Any(char.IsWhiteSpace)
        && System.Net.Mail.MailAddress.TryCreate(text, out var address)
        && address.Address == text
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.EndsWith('.');

    private static decimal? Share(string text) =>
        DutchNumber(text.Trim().TrimEnd('%'), 2, allowNegative: false, max: 100m);

    /// <summary>Indicator values are stored with two decimals and at most sixteen digits before the comma.</summary>
    private static decimal? IndicatorNumber(string text) => DutchNumber(text, 2, allowNegative: true, max: 9_999_999_999_999_999m);

    /// <summary>A number as typed in the reader's language (<see cref="UiFormat.ParseInput"/>).</summary>
    private static decimal? DutchNumber(string text, int decimals, bool allowNegative, decimal max) =>
        UiFormat.ParseInput(text, decimals, allowNegative, max);
}

/// <summary>One indicator row of the form, as typed. <see cref="Id"/> is 0 for a new indicator.</summary>
public sealed class IndicatorRow
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public string? Unit { get; set; }
    public string? Baseline { get; set; }
    public string? Target { get; set; }
    public DateOnly? TargetDate { get; set; }

    public bool IsEmpty => Id == 0 && string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Unit)
                           && string.IsNullOrWhiteSpace(Baseline) && string.IsNullOrWhiteSpace(Target) && TargetDate == null;
}

/// <summary>One chosen co-partner with its share as typed.</summary>
public sealed class CoPartnerRow
{
    public int OrganizationId { get; set; }
    public string? Share { get; set; }
}

public sealed record ParsedCoPartner(int OrganizationId, decimal? Share);

/// <summary>An indicator row that was filled in; <see cref="Row"/> is its place in the form.</summary>
public sealed record ParsedIndicator(int Row, int Id, string Name, string Unit, decimal Baseline, decimal? Target, DateOnly? TargetDate);

/// <summary>The form as read: numbers as numbers, empty rows left out.</summary>
public sealed record ParsedForm(
    decimal? Budget,
    string? ContactEmail,
    IReadOnlyList<int> ThemeIds,
    decimal LeadShare,
    IReadOnlyList<ParsedCoPartner> CoPartners,
    IReadOnlyList<ParsedIndicator> Indicators)
{
    /// <summary>The sum of all shares, when every share could be read.</summary>
    public decimal? ShareTotal => CoPartners.All(p => p.Share != null) ? LeadShare + CoPartners.Sum(p => p.Share!.Value) : null;
}

/// <summary>An organisation as the form shows it: name, and whether it may still be named.</summary>
public sealed record FormOrganization(int Id, string Name, bool IsActive);
