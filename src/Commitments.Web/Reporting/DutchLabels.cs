using Commitments.Core.Domain;

namespace Commitments.Web.Reporting;

/// <summary>The Dutch words the report uses for the product's enumerations.</summary>
internal static class DutchLabels
{
    public static string Of(CommitmentStatus status) => status switch
    {
        CommitmentStatus.Draft => "Concept",
        CommitmentStatus.Submitted => "Ingediend",
        CommitmentStatus.Returned => "Teruggestuurd",
        CommitmentStatus.Approved => "Goedgekeurd",
        CommitmentStatus.Withdrawn => "Ingetrokken",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Of(OrganizationType type) => type switch
    {
        OrganizationType.Province => "Provincie",
        OrganizationType.Municipality => "Gemeente",
        OrganizationType.Business => "Bedrijf",
        OrganizationType.EducationInstitution => "Onderwijsinstelling",
        OrganizationType.KnowledgeInstitute => "Kennisinstelling",
        OrganizationType.Government => "Overheid",
        OrganizationType.Other => "Overig",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string Of(ProgressHealth health) => health switch
    {
        ProgressHealth.OnTrack => "Op koers",
        ProgressHealth.AtRisk => "Risico",
        ProgressHealth.Behind => "Achter",
        _ => throw new ArgumentOutOfRangeException(nameof(health), health, null),
    };
}
