using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Commitments;

/// <summary>
/// The fields a partner fills in for a commitment, shared by Create and Edit. Amounts are typed the
/// Dutch way (1.234,56) and parsed strictly here rather than by culture-dependent model binding, so
/// that "1.234" is never silently read as 1,234.
/// </summary>
public sealed partial class CommitmentForm
{
    [Required(ErrorMessage = "Geef de toezegging een titel. (Give the commitment a title.)")]
    [StringLength(300, ErrorMessage = "De titel mag hoogstens 300 tekens lang zijn. (The title may be at most 300 characters.)")]
    public string Title { get; set; } = "";

    [StringLength(8000, ErrorMessage = "De omschrijving mag hoogstens 8000 tekens lang zijn. (The description may be at most 8000 characters.)")]
    public string? Description { get; set; }

    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }

    /// <summary>Budget as typed, e.g. "1.234,56".</summary>
    public string? Budget { get; set; }

    [StringLength(2000, ErrorMessage = "De omschrijving van de inzet in natura mag hoogstens 2000 tekens lang zijn. (At most 2000 characters.)")]
    public string? InKindDescription { get; set; }

    public List<int> ThemeIds { get; set; } = [];
    public List<int> CoPartnerIds { get; set; } = [];

    /// <summary>The version the form was loaded from, to detect a save by someone else in between.</summary>
    public Guid Version { get; set; }

    public static CommitmentForm From(Commitment c) => new()
    {
        Title = c.Title,
        Description = c.Description,
        StartDate = c.StartDate,
        EndDate = c.EndDate,
        Budget = c.BudgetEuros?.ToString("#,##0.00", DutchLabels.Culture),
        InKindDescription = c.InKindDescription,
        ThemeIds = c.Themes.Select(t => t.Id).ToList(),
        CoPartnerIds = c.CoPartners.Select(p => p.OrganizationId).ToList(),
        Version = c.Version,
    };

    /// <summary>Checks what attributes cannot, adding messages under the form's field names.</summary>
    public decimal? Validate(ModelStateDictionary modelState, string prefix, int ownOrganizationId)
    {
        if (StartDate is { } start && EndDate is { } end && end < start)
        {
            modelState.AddModelError($"{prefix}.{nameof(EndDate)}",
                "De einddatum ligt vóór de startdatum. (The end date is before the start date.)");
        }
        if (CoPartnerIds.Contains(ownOrganizationId))
        {
            modelState.AddModelError($"{prefix}.{nameof(CoPartnerIds)}",
                "Uw eigen organisatie is al penvoerder en kan geen co-partner zijn. (Your own organisation is the lead and cannot be a co-partner.)");
        }
        if (string.IsNullOrWhiteSpace(Budget))
        {
            return null;
        }
        var text = Budget.Replace("€", "", StringComparison.Ordinal).Trim();
        if (DutchAmount().IsMatch(text)
            && decimal.TryParse(text, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, DutchLabels.Culture, out var amount)
            && amount < 10_000_000_000_000m)
        {
            return amount;
        }
        modelState.AddModelError($"{prefix}.{nameof(Budget)}",
            "Vul het budget in euro's in, bijvoorbeeld 1.234,56 (komma voor de centen). (Enter the budget in euros, e.g. 1.234,56, with a comma before the cents.)");
        return null;
    }

    /// <summary>
    /// 1234 · 1234,5 · 1234,56 · 1.234,56: dots only as thousands separators in groups of three, at
    /// most two decimals after a comma. .NET's own parsing accepts dots anywhere ("1.234.56" would
    /// become 123456), which would silently change what was typed.
    /// </summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$")]
    private static partial System.Text.RegularExpressions.Regex DutchAmount();

    /// <summary>Copies the form onto the commitment, with themes and co-partners looked up by id.</summary>
    public async Task ApplyToAsync(Commitment c, decimal? budget, CommitmentsDbContext db, CancellationToken ct)
    {
        c.Title = Title;
        c.Description = string.IsNullOrEmpty(Description) ? null : Description;
        c.StartDate = StartDate;
        c.EndDate = EndDate;
        c.BudgetEuros = budget;
        c.InKindDescription = string.IsNullOrEmpty(InKindDescription) ? null : InKindDescription;

        var themes = await db.Themes.Where(t => ThemeIds.Contains(t.Id)).ToListAsync(ct);
        c.Themes.RemoveAll(t => !ThemeIds.Contains(t.Id));
        c.Themes.AddRange(themes.Where(t => c.Themes.All(x => x.Id != t.Id)));

        var partners = await db.Organizations.Where(o => CoPartnerIds.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct);
        c.CoPartners.RemoveAll(p => !partners.Contains(p.OrganizationId));
        c.CoPartners.AddRange(partners.Where(id => c.CoPartners.All(p => p.OrganizationId != id))
            .Select(id => new CommitmentCoPartner { OrganizationId = id }));
    }
}

/// <summary>Choices offered by the commitment form.</summary>
public sealed record CommitmentFormOptions(IReadOnlyList<Theme> Themes, IReadOnlyList<(int Id, string Name)> Organizations)
{
    public static async Task<CommitmentFormOptions> LoadAsync(CommitmentsDbContext db, int ownOrganizationId, CancellationToken ct)
    {
        var themes = await db.Themes.AsNoTracking().OrderBy(t => t.SortOrder).ToListAsync(ct);
        var organizations = (await db.Organizations.AsNoTracking()
                .Where(o => o.Id != ownOrganizationId)
                .OrderBy(o => o.Name)
                .Select(o => new { o.Id, o.Name })
                .ToListAsync(ct))
            .Select(o => (o.Id, o.Name)).ToList();
        return new CommitmentFormOptions(themes, organizations);
    }
}
