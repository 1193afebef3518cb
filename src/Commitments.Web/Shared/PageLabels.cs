using System.Globalization;
using Commitments.Core.Domain;
using Microsoft.Extensions.Localization;

namespace Commitments.Web;

/// <summary>
/// Domain values as the pages show them, in the language of the request. The Dutch label from
/// <see cref="DutchLabels"/> is the key, so the two never drift apart; the Excel report keeps using
/// <see cref="DutchLabels"/> directly and stays Dutch.
/// </summary>
public sealed class PageLabels(IStringLocalizer<SharedResource> localizer)
{
    public string Label(CommitmentStatus status) => localizer[status.Label()];

    public string Label(ProgressHealth health) => localizer[health.Label()];

    public string Label(OrganizationType type) => localizer[type.Label()];

    public string Label(ProgressUpdateStatus status) => localizer[status.Label()];

    public string Label(ReviewDecision decision) => localizer[decision.Label()];

    public string Label(CoPartnerResponse response) => localizer[response.Label()];

    /// <summary>What to fill in before the commitment can be submitted.</summary>
    public string Label(SmartGap gap) => localizer[gap.Label()];

    /// <summary>
    /// A history line's action: a code (<see cref="AuditActions"/>) by its label, an older line's Dutch
    /// text as written (translated when it is one the application used to write).
    /// </summary>
    public string AuditAction(string action) => localizer[DutchLabels.AuditAction(action)];

    /// <summary>The field of a history line (<see cref="CommitmentChanges"/> codes).</summary>
    public string HistoryField(string field) => localizer[DutchLabels.HistoryField(field)];

    /// <summary>
    /// The English text of a label, whatever the page's language: a Dutch page gives its messages in
    /// English as well (as the form messages do), marked lang="en".
    /// </summary>
    public string InEnglish(Func<PageLabels, string> label)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(UiCulture.English);
        try
        {
            return label(this);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>"Landsdeel Noord": region names are data and are not translated.</summary>
    public string Region(string? name) => localizer["Landsdeel {0}", name ?? ""];

    public string AllRegions => localizer["Alle landsdelen"];
}
