using System.ComponentModel.DataAnnotations;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Admin.Themes;

/// <summary>
/// Creates a theme (no id), or renames one and changes its description and place in the order.
/// Commitments keep their themes through a rename: they point at the theme, not at its name.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public class EditModel(CommitmentsDbContext db, ILogger<EditModel> logger) : PageModel
{
    public const int NameMaxLength = 150, DescriptionMaxLength = 2000, MaxSortOrder = 10_000;

    public sealed class ThemeForm
    {
        [Required(ErrorMessage = "Geef het thema een naam.")]
        [StringLength(NameMaxLength, ErrorMessage = "De naam mag hoogstens 150 tekens lang zijn.")]
        public string? Name { get; set; }

        [StringLength(DescriptionMaxLength, ErrorMessage = "De omschrijving mag hoogstens 2000 tekens lang zijn.")]
        public string? Description { get; set; }

        public string? SortOrder { get; set; }
    }

    [BindProperty]
    public ThemeForm Form { get; set; } = new();

    public int? Id { get; private set; }
    public string? StoredName { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (id is { } existing)
        {
            var theme = await db.Themes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == existing, ct);
            if (theme == null)
            {
                return NotFound();
            }
            (Id, StoredName) = (theme.Id, theme.Name);
            Form = new ThemeForm { Name = theme.Name, Description = theme.Description, SortOrder = theme.SortOrder.ToString(DutchLabels.Culture) };
        }
        else
        {
            var last = await db.Themes.MaxAsync(t => (int?)t.SortOrder, ct) ?? 0;
            Form = new ThemeForm { SortOrder = Math.Min(last + 1, MaxSortOrder).ToString(DutchLabels.Culture) };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        Theme? theme = null;
        if (id is { } existing)
        {
            theme = await db.Themes.FirstOrDefaultAsync(t => t.Id == existing, ct);
            if (theme == null)
            {
                return NotFound();
            }
            (Id, StoredName) = (theme.Id, theme.Name);
        }
        var sortOrder = AdminInput.Number(ModelState, "Form.SortOrder", Form.SortOrder, 0, MaxSortOrder,
            Messages.Text("Vul als volgorde een heel getal in van 0 tot en met {0}.", MaxSortOrder));
        if (ModelState.IsValid && await TakenByAsync(Form.Name!, id, ct) is { } other)
        {
            ModelState.AddModelError("Form.Name", NameTakenMessage(other));
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var isNew = theme == null;
        theme ??= new Theme { Name = Form.Name! };
        var description = string.IsNullOrEmpty(Form.Description) ? null : Form.Description;
        var changes = new ChangeList()
            .Compare("Name", isNew ? null : theme.Name, Form.Name)
            .Compare("Description", isNew ? null : theme.Description, description)
            .Compare("SortOrder", isNew ? null : theme.SortOrder, sortOrder);
        theme.Name = Form.Name!;
        theme.Description = description;
        theme.SortOrder = sortOrder!.Value;
        if (changes.Any)
        {
            try
            {
                await db.InTransactionAsync(async token =>
                {
                    if (isNew)
                    {
                        db.Themes.Add(theme);
                    }
                    await db.SaveChangesAsync(token);
                    db.Audit(User, isNew ? AuditActions.ThemeCreated : AuditActions.ThemeChanged, nameof(Theme), theme.Id, null, changes.ToJson());
                    await db.SaveChangesAsync(token);
                    return theme.Id;
                }, ct);
            }
            catch (DbUpdateException e)
            {
                // The unique index on the name: another administrator saved this name just now.
                if (await TakenByAsync(theme.Name, id, ct) is not { } holder)
                {
                    throw;
                }
                logger.LogInformation(e, "Theme name taken meanwhile");
                ModelState.AddModelError("Form.Name", NameTakenMessage(holder));
                return Page();
            }
        }
        TempData["Message"] = Messages.Text("Het thema {0} is opgeslagen.", theme.Name);
        return RedirectToPage("Index");
    }

    /// <summary>
    /// The name of another theme with this name, ignoring case and surrounding spaces: "energietransitie " next to
    /// "Energietransitie" would look like one theme twice on every form and in the report. The themes
    /// are a few dozen at most, so they are compared here rather than by the database's collation.
    /// </summary>
    private async Task<string?> TakenByAsync(string name, int? id, CancellationToken ct)
    {
        var others = await db.Themes.AsNoTracking().Where(t => t.Id != (id ?? 0)).Select(t => t.Name).ToListAsync(ct);
        return others.FirstOrDefault(n => string.Equals(n.Trim(), name.Trim(), StringComparison.CurrentCultureIgnoreCase));
    }

    private static string NameTakenMessage(string existing) =>
        Messages.Text("Er is al een thema met de naam \"{0}\". Kies een andere naam.", existing);
}
