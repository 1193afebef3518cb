using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Commitments.Web.Lifecycle;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Commitments;

/// <summary>
/// A partner registers a new commitment of its own organisation in one go (indicators, co-partners
/// and shares included), as a draft or straight away submitted for review.
/// </summary>
[Authorize(Policy = Policies.Partner)]
public class CreateModel(CommitmentsDbContext db, LifecycleNotifications notifications, TimeProvider time)
    : CommitmentFormPageModel(db, notifications, time)
{
    /// <summary>The open reporting year the commitment is announced in; null when an administrator has not opened one.</summary>
    public ReportingCycle? Cycle { get; private set; }

    public override bool CannotSave => Cycle == null;

    private int _regionId;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var refusal = await LoadAsync(ct);
        if (refusal != null)
        {
            return refusal;
        }
        Form = CommitmentForm.ForNew();
        return await RenderAsync(ct);
    }

    protected override async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        // Only an organisation that still takes part registers new commitments.
        var own = await Db.Organizations.AsNoTracking()
            .Where(o => o.Id == OwnOrganizationId)
            .Select(o => new { o.Name, o.RegionId, o.DeactivatedAt })
            .FirstOrDefaultAsync(ct);
        if (own == null || own.DeactivatedAt != null)
        {
            return Forbid();
        }
        OwnOrganizationName = own.Name;
        _regionId = own.RegionId;

        // New commitments go into the open reporting year: the latest that is not frozen. Its themes
        // are loaded tracked, so that the new commitment can refer to them.
        Cycle = await Db.ReportingCycles.Include(c => c.Themes)
            .Where(c => c.FrozenAt == null)
            .OrderByDescending(c => c.Year)
            .FirstOrDefaultAsync(ct);
        Themes = Cycle is { Themes.Count: > 0 }
            ? Cycle.Themes.OrderBy(t => t.SortOrder).ToList()
            : await Db.Themes.OrderBy(t => t.SortOrder).ToListAsync(ct);
        return null;
    }

    protected override async Task<IActionResult> SaveAsync(bool submit, CancellationToken ct)
    {
        var refusal = await LoadAsync(ct);
        if (refusal != null)
        {
            return refusal;
        }
        await LoadOrganizationsAsync(ct);
        var parsed = ParseForm([]);
        if (Cycle == null)
        {
            ModelState.AddModelError(string.Empty,
                Messages.Text("Er is geen rapportagejaar geopend. Een beheerder moet eerst een rapportagejaar openen; daarna kunt u de toezegging registreren. Uw invoer is niet opgeslagen."));
        }
        if (!ModelState.IsValid)
        {
            return await RenderAsync(ct);
        }

        var commitment = new Commitment
        {
            Title = Form.Title,
            OrganizationId = OwnOrganizationId,
            ReportingCycleId = Cycle!.Id,
            Status = CommitmentStatus.Draft,
        };
        var applied = Apply(commitment, parsed);
        var changes = (await ChangesAsync(Blank, CommitmentContent.Of(commitment), ct))
            .Select(change => change.From == "" ? change with { From = null } : change).ToList();
        if (submit)
        {
            try
            {
                commitment.Submit(Now);
            }
            catch (CommitmentNotSmartException e)
            {
                AddGapErrors(e.Gaps, parsed);
                return await RenderAsync(ct);
            }
        }

        // The history line needs the new id, and so do the links in the mails: two saves, one transaction.
        await Db.InTransactionAsync(async token =>
        {
            Db.Commitments.Add(commitment);
            await Db.SaveChangesAsync(token);
            Db.Audit(User, AuditActions.CommitmentCreated, nameof(Commitment), commitment.Id, commitment.OrganizationId,
                new HistoryDetails(Revision: commitment.Revision, Changes: changes).ToJson());
            if (submit)
            {
                Db.Audit(User, AuditActions.CommitmentSubmitted, nameof(Commitment), commitment.Id, commitment.OrganizationId,
                    new HistoryDetails(Revision: commitment.Revision).ToJson());
                await Notifications.SubmittedAsync(commitment, OwnOrganizationName, _regionId, token);
            }
            await Notifications.CoPartnersNamedAsync(commitment, OwnOrganizationName, applied.Named, token);
            await Db.SaveChangesAsync(token);
            return commitment.Id;
        }, ct);

        var message = submit
            ? Messages.Text("De toezegging is opgeslagen en ingediend bij de landsdeeltrekker.")
            : Messages.Text("De toezegging is opgeslagen als concept.");
        if (applied.Named.Count > 0)
        {
            var names = Names(applied.Named, Organizations);
            message += Messages.Text(" {0}: gevraagd om het co-partnerschap te bevestigen.", names);
        }
        TempData["Message"] = message;
        return RedirectToPage("Details", new { id = commitment.Id });
    }

    /// <summary>Nothing yet: the history of a new commitment lists every field it starts with.</summary>
    private static readonly CommitmentContent Blank = new(1, "", null, null, null, null, null, null, null, 100, [], [], []);
}
