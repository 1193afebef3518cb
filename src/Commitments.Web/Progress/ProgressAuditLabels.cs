using Commitments.Core.Domain;

namespace Commitments.Web.Progress;

/// <summary>
/// How the history lines of progress reporting read in Dutch. The lines are written on the commitment
/// (entity type Commitment, its id), so they appear in the commitment's timeline; the details in
/// <see cref="HistoryDetails"/> carry the year in <see cref="HistoryDetails.Reason"/> and the lead's
/// comment or the evidence's name in <see cref="HistoryDetails.Comment"/>.
/// </summary>
public static class ProgressAuditLabels
{
    public static string? Dutch(string action) => action switch
    {
        AuditActions.ProgressSubmitted => "Voortgang ingediend",
        AuditActions.ProgressApproved => "Voortgang goedgekeurd door de landsdeeltrekker",
        AuditActions.ProgressReturned => "Voortgang teruggestuurd door de landsdeeltrekker",
        AuditActions.EvidenceAdded => "Bewijsstuk toegevoegd",
        AuditActions.EvidenceRemoved => "Bewijsstuk verwijderd",
        _ => null,
    };
}
