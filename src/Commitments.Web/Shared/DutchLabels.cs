using System.Globalization;
using Commitments.Core.Domain;

namespace Commitments.Web;

/// <summary>How domain values read in the Dutch interface and downloads.</summary>
public static class DutchLabels
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("nl-NL");

    public static string Label(this CommitmentStatus status) => status switch
    {
        CommitmentStatus.Draft => "Concept",
        CommitmentStatus.Submitted => "Ingediend",
        CommitmentStatus.Returned => "Teruggestuurd",
        CommitmentStatus.Approved => "Goedgekeurd",
        CommitmentStatus.Withdrawn => "Ingetrokken",
        _ => status.ToString(),
    };

    public static string Label(this ProgressHealth health) => health switch
    {
        ProgressHealth.OnTrack => "Op koers",
        ProgressHealth.AtRisk => "Risico",
        ProgressHealth.Behind => "Achter",
        _ => health.ToString(),
    };

    public static string Label(this OrganizationType type) => type switch
    {
        OrganizationType.Province => "Provincie",
        OrganizationType.Municipality => "Gemeente",
        OrganizationType.Business => "Bedrijf",
        OrganizationType.EducationInstitution => "Onderwijsinstelling",
        OrganizationType.KnowledgeInstitute => "Kennisinstelling",
        OrganizationType.Government => "Overheid",
        OrganizationType.Other => "Overig",
        _ => type.ToString(),
    };

    public static string Label(this ProgressUpdateStatus status) => status switch
    {
        ProgressUpdateStatus.Draft => "Concept",
        ProgressUpdateStatus.Submitted => "Ingediend",
        ProgressUpdateStatus.Returned => "Teruggestuurd",
        ProgressUpdateStatus.Approved => "Goedgekeurd",
        _ => status.ToString(),
    };

    public static string Label(this ReviewDecision decision) => decision switch
    {
        ReviewDecision.Approved => "Goedgekeurd",
        ReviewDecision.Returned => "Teruggestuurd",
        _ => decision.ToString(),
    };

    /// <summary>18-06-2018</summary>
    public static string Dutch(this DateOnly? date) => date?.ToString("dd-MM-yyyy", Culture) ?? "–";

    /// <summary>1.234,5 (no trailing zeros: an indicator of 120 reads 120)</summary>
    public static string Number(this decimal value) => value.ToString("#,##0.##", Culture);

    /// <summary>€ 1.234,56</summary>
    public static string Euro(this decimal? amount) => amount is { } a ? a.ToString("C2", Culture) : "–";
}
