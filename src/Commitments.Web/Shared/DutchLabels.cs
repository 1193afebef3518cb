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

    /// <summary>A co-partner's answer to being named: until it confirms, its part is "niet bevestigd".</summary>
    public static string Label(this CoPartnerResponse response) => response switch
    {
        CoPartnerResponse.Pending => "niet bevestigd",
        CoPartnerResponse.Confirmed => "bevestigd",
        CoPartnerResponse.Declined => "afgewezen",
        _ => response.ToString(),
    };

    /// <summary>What keeps a commitment from being submitted, as the partner must read it: what to fill in.</summary>
    public static string Label(this SmartGap gap) => gap switch
    {
        SmartGap.Title => "Geef de toezegging een titel.",
        SmartGap.Theme => "Kies ten minste één thema.",
        SmartGap.EndDate => "Vul een einddatum in.",
        SmartGap.Resources => "Vul een budget of de inzet in natura in.",
        SmartGap.Indicator => "Voeg ten minste één indicator toe.",
        SmartGap.IndicatorTarget => "Geef elke indicator een doel (streefwaarde).",
        SmartGap.IndicatorTargetDate => "Geef elke indicator een doeldatum.",
        SmartGap.Shares => "De aandelen van de penvoerder en de co-partners tellen samen niet op tot 100%.",
        _ => gap.ToString(),
    };

    /// <summary>
    /// A line of the history as it reads in Dutch. Codes (<see cref="AuditActions"/>) get their label; an
    /// older line that recorded its Dutch text instead of a code ("Gewijzigd") is shown as it was written.
    /// </summary>
    public static string AuditAction(string action) => action switch
    {
        AuditActions.CommitmentCreated => "Aangemaakt als concept",
        AuditActions.CommitmentChanged => "Gewijzigd",
        AuditActions.CommitmentSubmitted => "Ingediend ter beoordeling",
        AuditActions.CommitmentApproved => "Goedgekeurd door de landsdeeltrekker",
        AuditActions.CommitmentReturned => "Teruggestuurd door de landsdeeltrekker",
        AuditActions.CommitmentWithdrawn => "Ingetrokken door de penvoerder",
        AuditActions.CommitmentRevisionStarted => "Nieuwe revisie gestart",
        AuditActions.CommitmentDeleted => "Concept verwijderd",
        AuditActions.CoPartnerConfirmed => "Deelname als co-partner bevestigd",
        AuditActions.CoPartnerDeclined => "Deelname als co-partner afgewezen",
        AuditActions.ReportDownloaded => "Jaarrapportage gedownload",
        AuditActions.InvitationAccepted => "Uitnodiging geaccepteerd",
        AuditActions.InvitationSent => "Uitnodiging verstuurd",
        AuditActions.AccountSignedIn => "Ingelogd",
        AuditActions.AccountSignInFailed => "Inloggen mislukt",
        AuditActions.AccountLockedOut => "Account geblokkeerd",
        AuditActions.PasswordResetRequested => "Wachtwoordherstel aangevraagd",
        AuditActions.PasswordReset => "Wachtwoord opnieuw ingesteld",
        AuditActions.PasswordChanged => "Wachtwoord gewijzigd",
        AuditActions.TwoFactorEnabled => "Tweestapsverificatie aangezet",
        AuditActions.TwoFactorDisabled => "Tweestapsverificatie uitgezet",
        AuditActions.TwoFactorFailed => "Verificatiecode onjuist",
        AuditActions.TwoFactorReset => "Tweestapsverificatie hersteld door een beheerder",
        AuditActions.RecoveryCodeUsed => "Herstelcode gebruikt",
        AuditActions.RecoveryCodesRenewed => "Nieuwe herstelcodes gemaakt",
        AuditActions.SignedOutEverywhere => "Afgemeld op alle apparaten",
        AuditActions.AccountRemovalRequested => "Verwijdering van het account gevraagd",
        AuditActions.AccountAnonymised => "Account geanonimiseerd",
        AuditActions.InvitationRevoked => "Uitnodiging ingetrokken",
        AuditActions.OrganizationCreated => "Organisatie aangemaakt",
        AuditActions.OrganizationChanged => "Organisatie gewijzigd",
        AuditActions.OrganizationDeactivated => "Organisatie gedeactiveerd",
        AuditActions.OrganizationReactivated => "Organisatie weer actief gemaakt",
        AuditActions.UserChanged => "Account gewijzigd",
        AuditActions.UserDeactivated => "Account gedeactiveerd",
        AuditActions.UserReactivated => "Account weer actief gemaakt",
        AuditActions.CycleCreated => "Rapportagejaar aangemaakt",
        AuditActions.CycleChanged => "Rapportagejaar gewijzigd",
        AuditActions.CycleFrozen => "Rapportagejaar bevroren",
        AuditActions.ReportRequested => "Jaarrapportage aangevraagd",
        AuditActions.ThemeCreated => "Thema aangemaakt",
        AuditActions.ThemeChanged => "Thema gewijzigd",
        AuditActions.ProgressSubmitted => "Voortgang ingediend",
        AuditActions.ProgressApproved => "Voortgang goedgekeurd door de landsdeeltrekker",
        AuditActions.ProgressReturned => "Voortgang teruggestuurd door de landsdeeltrekker",
        AuditActions.EvidenceAdded => "Bewijsstuk bij de voortgang toegevoegd",
        AuditActions.EvidenceRemoved => "Bewijsstuk bij de voortgang verwijderd",
        _ => action,
    };

    /// <summary>The name of a field in a history line (<see cref="CommitmentChanges"/> codes); an unknown code as it is.</summary>
    public static string HistoryField(string field) => field switch
    {
        CommitmentChanges.Title => "Titel",
        CommitmentChanges.Description => "Omschrijving",
        CommitmentChanges.StartDate => "Startdatum",
        CommitmentChanges.EndDate => "Einddatum",
        CommitmentChanges.Budget => "Budget",
        CommitmentChanges.InKind => "In natura",
        CommitmentChanges.ContactName => "Contactpersoon",
        CommitmentChanges.ContactEmail => "E-mailadres contactpersoon",
        CommitmentChanges.LeadShare => "Aandeel penvoerder",
        CommitmentChanges.Themes => "Thema's",
        CommitmentChanges.CoPartners => "Co-partners",
        CommitmentChanges.Indicator => "Indicator",
        _ => field,
    };
}
