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

    /// <summary>An audit action as recorded (in Dutch); translated when it is one the application writes.</summary>
    public string AuditAction(string action) => localizer[action];

    /// <summary>"Landsdeel Noord": region names are data and are not translated.</summary>
    public string Region(string? name) => localizer["Landsdeel {0}", name ?? ""];

    public string AllRegions => localizer["Alle landsdelen"];
}
