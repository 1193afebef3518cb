using System.Globalization;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Commitments.Web.Lifecycle;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Commitments;

/// <summary>
/// The lead partner changes its commitment: a draft or a returned one as it is, an approved one by
/// starting a new revision (the approved revision keeps counting until the new one is approved).
/// Every save records which fields changed from what to what; a save from a form that someone else
/// saved over in the meantime is refused and shows what changed.
/// </summary>
[Authorize(Policy = Policies.Partner)]
public class EditModel(CommitmentsDbContext db, IAuthorizationService authorization, LifecycleNotifications notifications, TimeProvider time)
    : CommitmentFormPageModel(db, notifications, time)
{
    public int Id { get; private set; }

    /// <summary>The commitment as loaded (before the form is applied to it).</summary>
    public CommitmentStatus Status { get; private set; }
    public int Revision { get; private set; }
    public int? ApprovedRevision { get; private set; }
    public string? ReturnComment { get; private set; }

    private Commitment _commitment = null!;
    private int _regionId;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var refusal = await LoadAsync(ct);
        if (refusal != null)
        {
            return refusal;
        }
        Form = CommitmentForm.From(_commitment);
        return await RenderAsync(ct);
    }

    /// <summary>
    /// Not visible: 404. Visible but not to be changed by this user (a co-partner, a submitted
    /// commitment, a frozen year): 403, decided by the one authorization rule for commitments.
    /// </summary>
    protected override async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        Id = int.Parse((string)RouteData.Values["id"]!, CultureInfo.InvariantCulture);
        var commitment = await Db.Commitments.AsSplitQuery()
            .Include(c => c.Organization)
            .Include(c => c.ReportingCycle!).ThenInclude(r => r.Themes)
            .Include(c => c.Themes)
            .Include(c => c.CoPartners)
            .Include(c => c.Indicators)
            .FirstOrDefaultAsync(c => c.Id == Id, ct);
        if (commitment == null)
        {
            return NotFound();
        }
        if (!(await authorization.AuthorizeAsync(User, CommitmentAccess.Of(commitment), CommitmentOperations.Edit)).Succeeded)
        {
            return Forbid();
        }
        _commitment = commitment;
        _regionId = commitment.Organization!.RegionId;
        OwnOrganizationName = commitment.Organization.Name;
        Status = commitment.Status;
        Revision = commitment.Revision;
        ApprovedRevision = commitment.ApprovedRevision;
        ReturnComment = commitment.Status == CommitmentStatus.Returned ? commitment.ReturnComment : null;
        SavedCoPartners = commitment.CoPartners.ToDictionary(p => p.OrganizationId, p => new SavedCoPartner(p.SharePercent, p.Response));

        // The reporting year's themes; a theme the commitment already has stays offered, so that
        // saving never drops it unasked.
        var offered = commitment.ReportingCycle!.Themes.Count > 0
            ? commitment.ReportingCycle.Themes.ToList()
            : await Db.Themes.ToListAsync(ct);
        Themes = offered.Union(commitment.Themes).DistinctBy(t => t.Id).OrderBy(t => t.SortOrder).ToList();

        var indicatorIds = commitment.Indicators.Select(i => i.Id).ToList();
        IndicatorsWithValues = indicatorIds.Count == 0
            ? new HashSet<int>()
            : (await Db.IndicatorValues.AsNoTracking()
                .Where(v => indicatorIds.Contains(v.IndicatorId))
                .Select(v => v.IndicatorId).Distinct().ToListAsync(ct)).ToHashSet();
        return null;
    }

    protected override async Task<IActionResult> SaveAsync(bool submit, CancellationToken ct)
    {
        var refusal = await LoadAsync(ct);
        if (refusal != null)
        {
            return refusal;
        }
        var c = _commitment;
        await LoadOrganizationsAsync(ct);
        var parsed = ParseForm(c.Indicators);
        if (Form.Version != c.Version)
        {
            return await StaleAsync(c, ct);
        }
        if (!ModelState.IsValid)
        {
            return await RenderAsync(ct);
        }

        var before = CommitmentContent.Of(c);
        var approved = c.Status == CommitmentStatus.Approved;
        if (approved && c.ApprovedContent == null)
        {
            // Approved before approvals kept their content (older data): what is approved is what is
            // there now, and it must keep counting while the new revision is drafted.
            c.ApprovedRevision ??= c.Revision;
            c.ApprovedContent = before.ToJson();
        }
        var applied = Apply(c, parsed);
        var changes = await ChangesAsync(before, CommitmentContent.Of(c), ct);
        if (changes.Count == 0 && (approved || !submit))
        {
            TempData["Message"] = approved
                ? Messages.Text("Er is niets gewijzigd; de goedgekeurde versie blijft gelden.")
                : Messages.Text("Er is niets gewijzigd.");
            return RedirectToPage("Details", new { id = Id });
        }
        if (approved)
        {
            c.Revise();
        }
        if (submit)
        {
            try
            {
                c.Submit(Now);
            }
            catch (CommitmentNotSmartException e)
            {
                AddGapErrors(e.Gaps, parsed);
                return await RenderAsync(ct);
            }
        }

        if (approved)
        {
            Db.Audit(User, AuditActions.CommitmentRevisionStarted, nameof(Commitment), c.Id, c.OrganizationId,
                new HistoryDetails(Revision: c.Revision).ToJson());
        }
        if (changes.Count > 0)
        {
            Db.Audit(User, AuditActions.CommitmentChanged, nameof(Commitment), c.Id, c.OrganizationId,
                new HistoryDetails(Revision: c.Revision, Changes: changes).ToJson());
        }
        if (submit)
        {
            Db.Audit(User, AuditActions.CommitmentSubmitted, nameof(Commitment), c.Id, c.OrganizationId,
                new HistoryDetails(Revision: c.Revision).ToJson());
            await Notifications.SubmittedAsync(c, OwnOrganizationName, _regionId, ct);
        }
        // Newly named co-partners are asked to confirm; so are those whose share changed after they answered.
        await Notifications.CoPartnersNamedAsync(c, OwnOrganizationName, applied.Named.Concat(applied.AskedAgain), ct);

        // Compare against the version the form was loaded from, not the one just read: the database
        // refuses the save if anyone saved in between (also when only themes or co-partners changed).
        Db.Entry(c).Property(x => x.Version).OriginalValue = Form.Version;
        try
        {
            await Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Db.ChangeTracker.Clear();
            var reload = await LoadAsync(ct);
            return reload ?? await StaleAsync(_commitment, ct);
        }

        TempData["Message"] = Message(submit, approved, c, applied);
        return RedirectToPage("Details", new { id = Id });
    }

    /// <summary>
    /// The form was loaded from an older version: nothing is saved. The input stays as typed, and
    /// the page lists what changed since the form was loaded. The form now points at the current
    /// version, so that saving again, after reading the changes, keeps the partner's input.
    /// </summary>
    private async Task<IActionResult> StaleAsync(Commitment current, CancellationToken ct)
    {
        ModelState.Clear();
        ModelState.AddModelError(string.Empty,
            Messages.Text("Iemand anders heeft deze toezegging intussen gewijzigd. Uw invoer is niet opgeslagen en staat hieronder; wat er intussen veranderde, staat erboven. Sla opnieuw op om uw invoer toch te bewaren."));
        var now = CommitmentContent.Of(current);
        if (Form.Original() is { } original)
        {
            ChangedMeanwhile = await ChangesAsync(original, now, ct);
        }
        Form.Renew(current);
        // A row of an indicator that was removed meanwhile becomes a new row: saving again adds it back.
        foreach (var row in Form.Indicators.Where(r => r.Id != 0 && current.Indicators.All(i => i.Id != r.Id)))
        {
            row.Id = 0;
        }
        return await RenderAsync(ct);
    }

    private string Message(bool submit, bool approved, Commitment c, AppliedChanges applied)
    {
        var message = submit
            ? Messages.Text("De wijzigingen zijn opgeslagen en revisie {0} is ingediend bij de landsdeeltrekker.", c.Revision)
            : Messages.Text("De wijzigingen zijn opgeslagen.");
        if (approved)
        {
            message += Messages.Text(" Dit is revisie {0}; de goedgekeurde revisie {1} blijft meetellen tot deze revisie is goedgekeurd.", c.Revision, c.ApprovedRevision);
        }
        if (applied.Named.Count > 0)
        {
            var names = Names(applied.Named, Organizations);
            message += Messages.Text(" {0}: gevraagd om het co-partnerschap te bevestigen.", names);
        }
        if (applied.AskedAgain.Count > 0)
        {
            var names = Names(applied.AskedAgain, Organizations);
            message += Messages.Text(" {0}: het aandeel is gewijzigd en moet opnieuw worden bevestigd.", names);
        }
        return message;
    }
}
