using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Identity;
using Commitments.Web.Invitations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Invitations;

/// <summary>
/// An administrator invites anyone to any role; a partner invites colleagues into its own
/// organisation only (the role and organisation are then fixed, whatever the form posts).
/// </summary>
[Authorize(Policy = Policies.Invites)]
public class CreateModel(CommitmentsDbContext db, InvitationService invitations, UserManager<AppUser> users) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Vul het e-mailadres in. (Enter the e-mail address.)")]
    [EmailAddress(ErrorMessage = "Vul een geldig e-mailadres in. (Enter a valid e-mail address.)")]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Role { get; set; } = Roles.Partner;

    [BindProperty]
    public int? OrganizationId { get; set; }

    [BindProperty]
    public int? RegionId { get; set; }

    public bool IsAdministrator => db.Scope.Kind == DataScopeKind.Everything;
    public IReadOnlyList<(int Id, string Name)> Organizations { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Regions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadChoicesAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!IsAdministrator)
        {
            Role = Roles.Partner;
            OrganizationId = db.Scope.OrganizationId;
            RegionId = null;
        }
        if (!Roles.All.Contains(Role))
        {
            ModelState.AddModelError(nameof(Role), "Kies een rol. (Choose a role.)");
        }
        if (Role == Roles.Partner && (OrganizationId == null || !await db.Organizations.AnyAsync(o => o.Id == OrganizationId, ct)))
        {
            ModelState.AddModelError(nameof(OrganizationId), "Kies de organisatie van de partner. (Choose the partner's organisation.)");
        }
        if (Role == Roles.RegionalLead && (RegionId == null || !await db.Regions.AnyAsync(r => r.Id == RegionId, ct)))
        {
            ModelState.AddModelError(nameof(RegionId), "Kies het landsdeel van de landsdeeltrekker. (Choose the regional lead's region.)");
        }
        if (ModelState.IsValid && await users.FindByEmailAsync(Email.Trim()) != null)
        {
            ModelState.AddModelError(nameof(Email), "Voor dit e-mailadres bestaat al een account. (An account with this address already exists.)");
        }
        if (!ModelState.IsValid)
        {
            await LoadChoicesAsync(ct);
            return Page();
        }
        await invitations.InviteAsync(Email, Role, OrganizationId, RegionId, User.FindFirstValue(ClaimTypes.NameIdentifier)!,
            token => Url.Page("/Account/AcceptInvitation", null, new { token }, Request.Scheme)!, ct);
        TempData["Message"] = $"De uitnodiging is verstuurd naar {Email.Trim()}. (The invitation was sent.)";
        return RedirectToPage();
    }

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        if (!IsAdministrator)
        {
            return;
        }
        Organizations = (await db.Organizations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
            .Select(o => (o.Id, o.Name)).ToList();
        Regions = (await db.Regions.AsNoTracking().OrderBy(r => r.Name).Select(r => new { r.Id, r.Name }).ToListAsync(ct))
            .Select(r => (r.Id, r.Name)).ToList();
    }
}
