using System.Globalization;
using Commitments.Core.Domain;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Commitments.Web.Pages.Admin;

/// <summary>
/// Reads numbers, dates and choices from the administration forms. The forms bind them as text and
/// read them here, so that whatever arrives (a letter in a year, a forged option, 99999999999) gets a
/// message in Dutch and English under its field, instead of model binding's English-only one.
/// </summary>
public static class AdminInput
{
    /// <summary>A whole number between <paramref name="min"/> and <paramref name="max"/>; null (with a message) otherwise.</summary>
    public static int? Number(ModelStateDictionary state, string key, string? text, int min, int max, string message)
    {
        if (int.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        state.AddModelError(key, message);
        return null;
    }

    /// <summary>
    /// A date as a date field sends it (2018-05-01), or as typed the Dutch way where the browser shows a
    /// plain text field, Dutch (01-05-2018) or English (01/05/2018): both day first.
    /// </summary>
    public static DateOnly? Date(ModelStateDictionary state, string key, string? text, string message)
    {
        var trimmed = text?.Trim();
        if (DateOnly.TryParseExact(trimmed, ["yyyy-MM-dd", "dd-MM-yyyy", "d-M-yyyy", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        state.AddModelError(key, message);
        return null;
    }

    /// <summary>An id from a list of options: a number, or nothing chosen (null). Anything else is a forged post.</summary>
    public static bool TryId(string? text, out int? id)
    {
        id = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            id = value;
            return true;
        }
        return false;
    }

    /// <summary>The ids of ticked checkboxes; an entry that is no number makes the whole list unreadable (null).</summary>
    public static List<int>? Ids(IEnumerable<string>? texts)
    {
        var ids = new List<int>();
        foreach (var text in texts ?? [])
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return null;
            }
            ids.Add(id);
        }
        return ids.Distinct().ToList();
    }

    /// <summary>Query values for a link (paging with the filters in force); empty ones are left out.</summary>
    public static Dictionary<string, string> Query(params (string Name, string? Value)[] values) =>
        values.Where(v => !string.IsNullOrEmpty(v.Value)).ToDictionary(v => v.Name, v => v.Value!);

    /// <summary>A role as the history writes it (Dutch, like the other values there).</summary>
    public static string RoleLabel(string? role) => role switch
    {
        Core.Identity.Roles.Partner => "Partner",
        Core.Identity.Roles.RegionalLead => "Landsdeeltrekker",
        Core.Identity.Roles.Ministry => "Ministerie",
        Core.Identity.Roles.Administrator => "Beheerder",
        null => "–",
        _ => role,
    };

    /// <summary>An organisation type by its code ("Business"); numbers and unknown names are refused.</summary>
    public static OrganizationType? Type(string? text) =>
        Enum.GetValues<OrganizationType>().Cast<OrganizationType?>().FirstOrDefault(t => t.ToString() == text);
}

/// <summary>Collects what changed in an administrator's save, for the history (<see cref="HistoryDetails"/>).</summary>
public sealed class ChangeList
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    public List<FieldChange> Changes { get; } = [];

    public bool Any => Changes.Count > 0;

    public ChangeList Compare(string field, string? from, string? to)
    {
        if (!string.Equals(from, to, StringComparison.Ordinal))
        {
            Changes.Add(new FieldChange(field, from, to));
        }
        return this;
    }

    public ChangeList Compare(string field, int? from, int? to) =>
        Compare(field, from?.ToString(CultureInfo.InvariantCulture), to?.ToString(CultureInfo.InvariantCulture));

    public ChangeList Compare(string field, DateOnly? from, DateOnly? to) =>
        Compare(field, from?.ToString("dd-MM-yyyy", Dutch), to?.ToString("dd-MM-yyyy", Dutch));

    /// <summary>A set of names (themes of a cycle), compared regardless of order.</summary>
    public ChangeList Compare(string field, IEnumerable<string> from, IEnumerable<string> to)
    {
        static string? List(IEnumerable<string> names)
        {
            var text = string.Join(", ", names.Order(StringComparer.Ordinal));
            return text.Length == 0 ? null : text;
        }
        return Compare(field, List(from), List(to));
    }

    public string ToJson(string? reason = null) => new HistoryDetails(Changes: Changes, Reason: reason).ToJson();
}
