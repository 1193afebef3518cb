using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Admin.Invitations;

/// <summary>
/// The invitations that can still be accepted (not used, not expired), and revoking one. Revoking
/// sets the expiry to now rather than deleting the row: the link stops working at once, and who was
/// invited when, by whom, stays on record.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public class IndexModel(CommitmentsDbContext db, TimeProvider time, ILogger<IndexModel> logger) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "pagina")]
    public int PageNumber { get; set; } = 1;

    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public sealed record Row(int Id, string Email, string Role, string? Organization, string? Region, DateTime CreatedAt, DateTime ExpiresAt);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var open = db.Invitations.AsNoTracking().Where(i => i.AcceptedAt == null && i.ExpiresAt > now);
        Total = await open.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var rows = await open
            .OrderBy(i => i.ExpiresAt).ThenBy(i => i.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(i => new { i.Id, i.Email, i.Role, Organization = i.Organization!.Name, Region = i.Region!.Name, i.CreatedAt, i.ExpiresAt })
            .ToListAsync(ct);
        Rows = rows.Select(i => new Row(i.Id, i.Email, i.Role, i.Organization, i.Region, i.CreatedAt, i.ExpiresAt)).ToList();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (invitation == null)
        {
            return NotFound();
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (invitation.AcceptedAt != null || invitation.ExpiresAt <= now)
        {
            TempData["Message"] = Messages.Text("Deze uitnodiging was al gebruikt of verlopen; er is niets veranderd.");
            return RedirectToPage();
        }
        var changes = new ChangeList().Compare("ExpiresAt",
            AmsterdamTime.ToAmsterdam(invitation.ExpiresAt).ToString("dd-MM-yyyy HH:mm", DutchLabels.Culture),
            AmsterdamTime.ToAmsterdam(now).ToString("dd-MM-yyyy HH:mm", DutchLabels.Culture));
        invitation.ExpiresAt = now;
        db.Audit(User, AuditActions.InvitationRevoked, nameof(Invitation), invitation.Id, invitation.OrganizationId,
            changes.ToJson(reason: $"Rol {AdminInput.RoleLabel(invitation.Role)}"));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Invitation {InvitationId} revoked", invitation.Id);
        TempData["Message"] = Messages.Text("De uitnodiging voor {0} is ingetrokken; de link werkt niet meer.", invitation.Email);
        return RedirectToPage();
    }
}
