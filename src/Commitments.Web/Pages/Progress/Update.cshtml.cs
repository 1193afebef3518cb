using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Evidence;
using Commitments.Web.Progress;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Progress;

/// <summary>
/// The voortgangsrapportage of one commitment for the open reporting cycle. The lead partner fills it
/// in (values per indicator, status, narrative, evidence), saves it as a draft and submits it; a
/// returned one shows the lead's comment and is corrected and submitted again. Everyone else who may
/// see the commitment (the region's lead, the ministries, co-partners) reads it here. Reminder e-mails
/// link to this page: /Progress/Update/{commitmentId}.
/// </summary>
/// <remarks>
/// Not visible: 404. Visible but not the lead partner's: 403 on any change. The data layer would refuse
/// a foreign write anyway; the page gives the proper answer first. Concurrency through the update's
/// <see cref="ProgressUpdate.Version"/>: a form loaded before someone else's save is refused, not merged.
/// </remarks>
[EvidenceUploadLimit]
public class UpdateModel(
    CommitmentsDbContext db,
    EvidenceStorage storage,
    ProgressNotifications notifications,
    TimeProvider time) : PageModel
{
    public const string SubmitIntent = "submit";

    [BindProperty]
    public UpdateForm Form { get; set; } = new();

    public Commitment Commitment { get; private set; } = null!;
    public ReportingCycle? Cycle { get; private set; }
    public ProgressUpdate? Update { get; private set; }
    public IReadOnlyList<ReportableIndicator> Indicators { get; private set; } = [];

    /// <summary>The signed-in user is the lead partner and the update can be changed now.</summary>
    public bool CanEdit { get; private set; }

    /// <summary>The signed-in user belongs to the lead partner (whether or not it can change the update now).</summary>
    public bool IsLeadPartner { get; private set; }

    /// <summary>The signed-in user may decide on the submitted update (the region's lead, an administrator).</summary>
    public bool CanReview { get; private set; }

    /// <summary>Why there is no form, for the lead partner: no open cycle, not approved, organisation inactive.</summary>
    public Blocked? BlockedBecause { get; private set; }

    public enum Blocked
    {
        NoOpenCycle,
        NotApproved,
        OrganizationInactive,
    }

    public sealed class UpdateForm
    {
        /// <summary>The cycle the form was filled in for; a form for a cycle that closed meanwhile is refused.</summary>
        public int CycleId { get; set; }

        /// <summary>The update's version when the form was loaded; empty when there was no update yet.</summary>
        public Guid Version { get; set; }

        /// <summary>The value typed per indicator id, the Dutch way (1.234,5).</summary>
        public Dictionary<int, string?> Values { get; set; } = [];

        /// <summary>OnTrack, AtRisk or Behind.</summary>
        public string? Health { get; set; }

        public string? Narrative { get; set; }
        public string? EvidenceUrl { get; set; }
        public IFormFile? EvidenceFile { get; set; }

        /// <summary>Which button was pressed: "submit" (Indienen), anything else saves a draft.</summary>
        public string? Intent { get; set; }
    }

    /// <summary>An unknown handler (<c>?handler=x</c>) would render the page without loading it: answer 404 instead.</summary>
    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod == null)
        {
            context.Result = NotFound();
            return Task.CompletedTask;
        }
        return next();
    }

    public async Task<IActionResult> OnGetAsync(int commitmentId, string? upload, CancellationToken ct)
    {
        if (!await LoadAsync(commitmentId, tracked: false, ct))
        {
            return NotFound();
        }
        FillForm();
        if (upload == EvidenceUploadLimitAttribute.TooLargeValue && CanEdit)
        {
            ModelState.AddModelError(FileKey, TooLargeMessage(null));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int commitmentId, CancellationToken ct)
    {
        // Unreadable hidden fields (a forged or damaged form) count as a form that does not match: refused below.
        var versionReadable = ModelState[$"{nameof(Form)}.{nameof(UpdateForm.Version)}"]?.Errors.Count is null or 0;
        var cycleReadable = ModelState[$"{nameof(Form)}.{nameof(UpdateForm.CycleId)}"]?.Errors.Count is null or 0;
        foreach (var key in ModelState.Keys.ToList())
        {
            ModelState.Remove(key); // every field is checked below, with messages in Dutch and English
        }

        if (!await LoadAsync(commitmentId, tracked: true, ct))
        {
            return NotFound();
        }
        if (!IsLeadPartner)
        {
            return Forbid();
        }
        if (!CanEdit)
        {
            return await ConflictAsync(BlockedBecause == null && Update != null
                ? "Deze rapportage is al ingediend en kan niet meer worden gewijzigd. (This update has already been submitted and can no longer be changed.)"
                : "Voor deze toezegging kan nu geen voortgang worden gerapporteerd. (Progress cannot be reported for this commitment now.)");
        }
        if (!versionReadable || !cycleReadable || Form.CycleId != Cycle!.Id || Form.Version != (Update?.Version ?? Guid.Empty))
        {
            return await ConflictAsync(StaleMessage);
        }

        var submit = Form.Intent == SubmitIntent;
        var values = ValidateValues(submit);
        var health = ValidateHealth();
        ValidateNarrative(submit);
        var url = ValidateUrl();
        var file = Form.EvidenceFile is { } f && (f.Length > 0 || !string.IsNullOrEmpty(f.FileName)) ? f : null;
        ValidateEvidenceCount(url, file);
        if (file != null && file.Length > EvidenceStorage.MaxFileBytes)
        {
            ModelState.AddModelError(FileKey, TooLargeMessage(file.Length));
        }
        if (file != null && file.Length == 0)
        {
            ModelState.AddModelError(FileKey, "Het gekozen bestand is leeg. (The chosen file is empty.)");
        }
        if (!ModelState.IsValid)
        {
            if (file != null && ModelState[FileKey]?.Errors.Count is null or 0)
            {
                // A browser cannot fill in a file field again: say so rather than let the file seem saved.
                ModelState.AddModelError(FileKey,
                    "Het bestand is nog niet opgeslagen: kies het opnieuw nadat u de andere punten hebt verbeterd. (The file was not saved yet: choose it again after correcting the other points.)");
            }
            return Page();
        }

        EvidenceUpload? stored = null;
        if (file != null)
        {
            await using var content = file.OpenReadStream();
            stored = await storage.StoreAsync(content, ct);
            switch (stored.Outcome)
            {
                case EvidenceUploadOutcome.TooLarge:
                    ModelState.AddModelError(FileKey, TooLargeMessage(stored.SizeBytes));
                    return Page();
                case EvidenceUploadOutcome.Empty:
                    ModelState.AddModelError(FileKey, "Het gekozen bestand is leeg. (The chosen file is empty.)");
                    return Page();
                case EvidenceUploadOutcome.TypeNotAccepted:
                    ModelState.AddModelError(FileKey,
                        $"Dit bestand is geen {AcceptedTypesDutch}: het type wordt aan de inhoud herkend, niet aan de naam. Spreadsheets met macro's worden niet aangenomen. " +
                        $"(This file is not a {AcceptedTypesEnglish}: the type is recognised by the content, not by the name. Spreadsheets with macros are not accepted.)");
                    return Page();
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        var update = Update;
        if (update == null)
        {
            update = new ProgressUpdate { CommitmentId = Commitment.Id, ReportingCycleId = Cycle.Id };
            db.ProgressUpdates.Add(update);
        }
        else
        {
            // Compare against the version the form was loaded from; any save renews it (values and evidence included).
            db.Entry(update).Property(u => u.Version).OriginalValue = Form.Version;
            db.Entry(update).Property(u => u.UpdatedAt).IsModified = true;
        }
        update.Health = health!.Value;
        update.Narrative = string.IsNullOrEmpty(Form.Narrative) ? null : Form.Narrative;
        foreach (var indicator in Indicators)
        {
            var existing = update.Values.FirstOrDefault(v => v.IndicatorId == indicator.Id);
            if (values.TryGetValue(indicator.Id, out var value))
            {
                if (existing == null)
                {
                    update.Values.Add(new IndicatorValue { IndicatorId = indicator.Id, Value = value });
                }
                else
                {
                    existing.Value = value;
                }
            }
            else if (existing != null)
            {
                update.Values.Remove(existing);
            }
        }
        if (url != null)
        {
            update.Evidence.Add(new ProgressEvidence { Url = url, AddedAt = now });
            Audit(AuditActions.EvidenceAdded, url);
        }
        if (stored is { Outcome: EvidenceUploadOutcome.Stored })
        {
            var name = EvidenceFileName.For(file!.FileName, stored.Type!);
            update.Evidence.Add(new ProgressEvidence
            {
                FileName = name,
                StoredName = stored.StoredName,
                ContentType = stored.Type!.ContentType,
                SizeBytes = stored.SizeBytes,
                AddedAt = now,
            });
            Audit(AuditActions.EvidenceAdded, name);
        }
        if (submit)
        {
            update.Submit(now);
            Audit(AuditActions.ProgressSubmitted, null);
            await notifications.SubmittedAsync(Commitment, Cycle.Year, Commitment.Organization!.Name, Commitment.Organization.RegionId, ct);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone else saved (or created) this update meanwhile: nothing of this form was saved.
            storage.Delete(stored?.StoredName);
            db.ChangeTracker.Clear();
            return await ConflictAsync(StaleMessage, keepInput: true, commitmentId);
        }
        catch
        {
            // Refused by the data layer, or cancelled: the file stored for this save goes with it.
            storage.Delete(stored?.StoredName);
            throw;
        }

        TempData["Message"] = submit
            ? "De voortgangsrapportage is ingediend; de landsdeeltrekker krijgt bericht. (The progress update was submitted; the regional lead has been notified.)"
            : "De voortgangsrapportage is opgeslagen als concept. (The progress update was saved as a draft.)";
        return RedirectToPage(new { commitmentId });
    }

    public async Task<IActionResult> OnPostRemoveEvidenceAsync(int commitmentId, int evidenceId, CancellationToken ct)
    {
        var versionReadable = ModelState[$"{nameof(Form)}.{nameof(UpdateForm.Version)}"]?.Errors.Count is null or 0;
        ModelState.Clear();
        if (!await LoadAsync(commitmentId, tracked: true, ct))
        {
            return NotFound();
        }
        if (!IsLeadPartner)
        {
            return Forbid();
        }
        var evidence = Update?.Evidence.FirstOrDefault(e => e.Id == evidenceId);
        if (evidence == null)
        {
            return NotFound();
        }
        if (!CanEdit)
        {
            return await ConflictAsync("Deze rapportage is al ingediend en kan niet meer worden gewijzigd. (This update has already been submitted and can no longer be changed.)");
        }
        if (!versionReadable || Form.Version != Update!.Version)
        {
            return await ConflictAsync(StaleMessage);
        }
        db.Entry(Update).Property(u => u.Version).OriginalValue = Form.Version;
        db.Entry(Update).Property(u => u.UpdatedAt).IsModified = true;
        Update.Evidence.Remove(evidence);
        db.ProgressEvidence.Remove(evidence);
        Audit(AuditActions.EvidenceRemoved, evidence.FileName ?? evidence.Url);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await ConflictAsync(StaleMessage, keepInput: false, commitmentId);
        }
        // The row is gone first: a file without a row is only litter, a row without its file would be a broken link.
        storage.Delete(evidence.StoredName);
        TempData["Message"] = "Het bewijsstuk is verwijderd. (The evidence was removed.)";
        return RedirectToPage(new { commitmentId });
    }

    private const string FileKey = $"{nameof(Form)}.{nameof(UpdateForm.EvidenceFile)}";
    private const string UrlKey = $"{nameof(Form)}.{nameof(UpdateForm.EvidenceUrl)}";
    private const string HealthKey = $"{nameof(Form)}.{nameof(UpdateForm.Health)}";
    private const string NarrativeKey = $"{nameof(Form)}.{nameof(UpdateForm.Narrative)}";

    public static string ValueKey(int indicatorId) => $"{nameof(Form)}.{nameof(UpdateForm.Values)}[{indicatorId}]";

    public static string AcceptedTypesDutch => "PDF, PNG, JPEG, Excel (.xlsx of .xls) of OpenDocument-spreadsheet (.ods)";
    private static string AcceptedTypesEnglish => "PDF, PNG, JPEG, Excel (.xlsx or .xls) or OpenDocument spreadsheet (.ods)";

    private const string StaleMessage =
        "Iemand anders heeft deze rapportage intussen gewijzigd, of het rapportagejaar is gesloten; uw wijzigingen zijn niet opgeslagen. Hieronder staat de huidige stand. " +
        "(Someone else changed this update in the meantime, or the reporting year was closed; your changes were not saved. The current state is shown below.)";

    private static string TooLargeMessage(long? size)
    {
        var max = EvidenceStorage.MaxFileSizeText;
        if (size is not { } bytes)
        {
            return $"Het bestand is te groot: ten hoogste {max} per bestand. Er is niets opgeslagen. (The file is too large: at most {max} per file. Nothing was saved.)";
        }
        // Rounded up, so that a file just over the limit does not read as "10,0 MB".
        var megabytes = Math.Ceiling(bytes * 10m / (1024m * 1024m)) / 10m;
        var mb = megabytes.ToString("0.0", DutchLabels.Culture);
        var mbEnglish = megabytes.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        return $"Het bestand is {mb} MB; ten hoogste {max} per bestand is toegestaan. (The file is {mbEnglish} MB; at most {max} per file is allowed.)";
    }

    private Dictionary<int, decimal> ValidateValues(bool submit)
    {
        var values = new Dictionary<int, decimal>();
        foreach (var indicator in Indicators)
        {
            var text = Form.Values.GetValueOrDefault(indicator.Id);
            if (string.IsNullOrWhiteSpace(text))
            {
                if (submit)
                {
                    ModelState.AddModelError(ValueKey(indicator.Id),
                        $"Vul de huidige waarde van ‘{indicator.Name}’ in. (Enter the current value of ‘{indicator.Name}’.)");
                }
                continue;
            }
            if (ProgressReporting.TryParseValue(text, out var value))
            {
                values[indicator.Id] = value;
            }
            else
            {
                ModelState.AddModelError(ValueKey(indicator.Id),
                    $"Vul bij ‘{indicator.Name}’ een getal in, bijvoorbeeld 1.234 of 57,5 (komma voor decimalen, hoogstens twee). " +
                    $"(Enter a number for ‘{indicator.Name}’, e.g. 1.234 or 57,5, with a decimal comma and at most two decimals.)");
            }
        }
        return values;
    }

    private ProgressHealth? ValidateHealth()
    {
        if (Enum.TryParse<ProgressHealth>(Form.Health, ignoreCase: false, out var health) && Enum.IsDefined(health)
            && !int.TryParse(Form.Health, out _))
        {
            return health;
        }
        ModelState.AddModelError(HealthKey, "Kies een status: op koers, risico of achter. (Choose a status: on track, at risk or behind.)");
        return null;
    }

    private void ValidateNarrative(bool submit)
    {
        if (submit && string.IsNullOrWhiteSpace(Form.Narrative))
        {
            ModelState.AddModelError(NarrativeKey,
                "Schrijf een toelichting: wat is er bereikt, en wat loopt anders dan gepland? (Write a narrative: what was achieved, and what is going differently than planned?)");
        }
        if (Form.Narrative?.Length > ProgressUpdate.NarrativeMaxLength)
        {
            ModelState.AddModelError(NarrativeKey,
                $"De toelichting is {Form.Narrative.Length.ToString("N0", DutchLabels.Culture)} tekens lang; er passen er ten hoogste {ProgressUpdate.NarrativeMaxLength.ToString("N0", DutchLabels.Culture)} in. Maak haar korter. " +
                $"(The narrative is {Form.Narrative.Length:N0} characters long; at most {ProgressUpdate.NarrativeMaxLength:N0} fit. Please shorten it.)");
        }
    }

    /// <summary>A link to evidence: an absolute http or https address, as typed (without surrounding spaces).</summary>
    private string? ValidateUrl()
    {
        var url = Form.EvidenceUrl?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }
        if (url.Length > ProgressEvidence.UrlMaxLength)
        {
            ModelState.AddModelError(UrlKey,
                $"De link is te lang: ten hoogste {ProgressEvidence.UrlMaxLength} tekens. (The link is too long: at most {ProgressEvidence.UrlMaxLength} characters.)");
            return null;
        }
        if (url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            ModelState.AddModelError(UrlKey,
                "Vul een volledige webadres in dat begint met https:// of http://, bijvoorbeeld https://www.techniekpact.nl/verslag. " +
                "(Enter a full web address starting with https:// or http://, e.g. https://www.techniekpact.nl/verslag.)");
            return null;
        }
        return url;
    }

    private void ValidateEvidenceCount(string? url, IFormFile? file)
    {
        var count = (Update?.Evidence.Count ?? 0) + (url != null ? 1 : 0) + (file != null ? 1 : 0);
        if (count > ProgressUpdate.MaxEvidence)
        {
            ModelState.AddModelError(file != null ? FileKey : UrlKey,
                $"Een rapportage heeft ten hoogste {ProgressUpdate.MaxEvidence} bewijsstukken; verwijder er eerst een. " +
                $"(An update holds at most {ProgressUpdate.MaxEvidence} pieces of evidence; remove one first.)");
        }
    }

    private void Audit(string action, string? comment) =>
        db.Audit(User, action, nameof(Core.Domain.Commitment), Commitment.Id, Commitment.OrganizationId,
            new HistoryDetails(Revision: Commitment.Revision, Comment: comment).ToJson());

    /// <summary>
    /// Shows the current state with a message: for a form that no longer matches (someone else saved,
    /// the cycle closed), or an update that can no longer be changed. Status 409, so that it is not
    /// mistaken for a successful save; what was typed stays in the form when it can still be saved.
    /// </summary>
    private async Task<IActionResult> ConflictAsync(string message, bool keepInput, int commitmentId)
    {
        var typed = Form;
        if (!await LoadAsync(commitmentId, tracked: false, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        FillForm();
        if (keepInput && CanEdit)
        {
            Form.Values = typed.Values;
            Form.Health = typed.Health;
            Form.Narrative = typed.Narrative;
            Form.EvidenceUrl = typed.EvidenceUrl;
        }
        ModelState.AddModelError(string.Empty, message);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private Task<IActionResult> ConflictAsync(string message) => ConflictAsync(message, keepInput: true, Commitment.Id);

    /// <summary>
    /// Loads the commitment (through the tenant filter: false when not visible), the open cycle and this
    /// cycle's update with its values and evidence, and decides what the user may do. Five queries.
    /// </summary>
    private async Task<bool> LoadAsync(int commitmentId, bool tracked, CancellationToken ct)
    {
        var commitments = db.Commitments.AsSplitQuery()
            .Include(c => c.Organization).ThenInclude(o => o!.Region)
            .Include(c => c.Indicators);
        var commitment = await (tracked ? commitments : commitments.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == commitmentId, ct);
        if (commitment == null)
        {
            return false;
        }
        Commitment = commitment;
        Indicators = ProgressReporting.IndicatorsOf(commitment);
        Cycle = await ProgressReporting.OpenCycleAsync(db, time, ct);
        if (Cycle != null)
        {
            var updates = db.ProgressUpdates.AsSplitQuery()
                .Include(u => u.Values)
                .Include(u => u.Evidence);
            Update = await (tracked ? updates : updates.AsNoTracking())
                .FirstOrDefaultAsync(u => u.CommitmentId == commitmentId && u.ReportingCycleId == Cycle.Id, ct);
        }

        IsLeadPartner = db.Scope.IsOrganization(commitment.OrganizationId);
        BlockedBecause = Cycle == null ? Blocked.NoOpenCycle
            : !commitment.ReportsProgress() ? Blocked.NotApproved
            : !commitment.Organization!.IsActive ? Blocked.OrganizationInactive
            : null;
        CanEdit = IsLeadPartner && BlockedBecause == null && (Update == null || Update.IsOpenForChanges);
        CanReview = Update is { CanBeReviewed: true } && ProgressReporting.MayReview(db.Scope, commitment.Organization!.RegionId);
        return true;
    }

    private void FillForm()
    {
        Form = new UpdateForm
        {
            CycleId = Cycle?.Id ?? 0,
            Version = Update?.Version ?? Guid.Empty,
            Health = Update?.Health.ToString(),
            Narrative = Update?.Narrative,
            Values = Update?.Values.ToDictionary(v => v.IndicatorId, v => (string?)ProgressReporting.FormatValue(v.Value)) ?? [],
        };
    }

    /// <summary>The evidence of the update, oldest first.</summary>
    public IEnumerable<ProgressEvidence> Evidence => Update?.Evidence.OrderBy(e => e.AddedAt).ThenBy(e => e.Id) ?? Enumerable.Empty<ProgressEvidence>();
}
