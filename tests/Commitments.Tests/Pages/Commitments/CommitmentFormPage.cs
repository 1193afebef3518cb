using System.Net;
using AngleSharp.Html.Dom;
using Commitments.Tests.Infrastructure;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>
/// The commitment form as a browser holds it: the fields the page rendered (checked boxes only, no
/// buttons), which a test changes as a user would type, and then posts, with a button's handler and
/// name/value when a step button is pressed. Each step's answer is the form again, to go on from.
/// </summary>
public sealed class CommitmentFormPage
{
    private CommitmentFormPage(string url, IHtmlDocument document)
    {
        Url = url;
        Document = document;
        var form = document.QuerySelector("form.commitment-form") ?? throw new InvalidOperationException($"No commitment form on {url}.");
        foreach (var element in form.QuerySelectorAll("input, textarea, select"))
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || name == "__RequestVerificationToken")
            {
                continue;
            }
            switch (element)
            {
                case IHtmlInputElement input when input.Type is "submit" or "button":
                    break;
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked)
                    {
                        Fields.Add(new(name, input.Value));
                    }
                    break;
                case IHtmlInputElement input:
                    Fields.Add(new(name, input.GetAttribute("value") ?? ""));
                    break;
                case IHtmlTextAreaElement textArea:
                    Fields.Add(new(name, textArea.Value));
                    break;
                case IHtmlSelectElement select:
                    Fields.AddRange(select.SelectedOptions.Select(o => new KeyValuePair<string, string>(name, o.Value)));
                    break;
            }
        }
    }

    public string Url { get; }
    public IHtmlDocument Document { get; }
    public List<KeyValuePair<string, string>> Fields { get; } = [];

    public static async Task<CommitmentFormPage> OpenAsync(TestBrowser browser, string url)
    {
        var (response, document) = await browser.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new CommitmentFormPage(url, document);
    }

    /// <summary>The form as a page answered a post (a step, or a refused save).</summary>
    public static async Task<CommitmentFormPage> FromAsync(HttpResponseMessage response, string url)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {html[..Math.Min(html.Length, 2000)]}");
        return new CommitmentFormPage(url, TestBrowser.Parse(html));
    }

    public string? Value(string name) => Fields.FirstOrDefault(f => f.Key == name).Value;

    public CommitmentFormPage Set(string name, string value)
    {
        var index = Fields.FindIndex(f => f.Key == name);
        if (index < 0)
        {
            Fields.Add(new(name, value));
        }
        else
        {
            Fields[index] = new(name, value);
        }
        return this;
    }

    public CommitmentFormPage Check(string name, string value)
    {
        if (!Fields.Contains(new(name, value)))
        {
            Fields.Add(new(name, value));
        }
        return this;
    }

    public CommitmentFormPage Uncheck(string name, string value)
    {
        Fields.Remove(new(name, value));
        return this;
    }

    /// <summary>Removes every field whose name starts with the prefix (a whole row).</summary>
    public CommitmentFormPage RemoveAll(string prefix)
    {
        Fields.RemoveAll(f => f.Key.StartsWith(prefix, StringComparison.Ordinal));
        return this;
    }

    public int IndicatorRows => Fields.Count(f => f.Key.StartsWith("Form.Indicators[", StringComparison.Ordinal) && f.Key.EndsWith("].Id", StringComparison.Ordinal));

    public CommitmentFormPage Indicator(int row, string name, string unit, string baseline, string target, string targetDate) =>
        Set($"Form.Indicators[{row}].Name", name).Set($"Form.Indicators[{row}].Unit", unit)
            .Set($"Form.Indicators[{row}].Baseline", baseline).Set($"Form.Indicators[{row}].Target", target)
            .Set($"Form.Indicators[{row}].TargetDate", targetDate);

    /// <summary>Presses a button: the default save without a handler, or a step or submit with one.</summary>
    public Task<HttpResponseMessage> PostAsync(TestBrowser browser, string? handler = null, (string Name, string Value)? button = null)
    {
        var fields = Fields.ToList();
        if (button is { } b)
        {
            fields.Add(new(b.Name, b.Value));
        }
        var target = handler == null ? Url : $"{Url}?handler={handler}";
        return browser.PostFormAsync(target, fields, tokenFrom: Url);
    }

    /// <summary>Presses a step button and continues with the form it shows.</summary>
    public async Task<CommitmentFormPage> StepAsync(TestBrowser browser, string handler, (string Name, string Value)? button = null) =>
        await FromAsync(await PostAsync(browser, handler, button), Url);

    /// <summary>The messages of the error summary.</summary>
    public IReadOnlyList<string> Errors =>
        Document.QuerySelectorAll(".error-summary li").Select(li => li.TextContent.Trim()).ToList();

    /// <summary>Where each error-summary link points, by message.</summary>
    public IReadOnlyDictionary<string, string> ErrorLinks =>
        Document.QuerySelectorAll(".error-summary li a").ToDictionary(a => a.TextContent.Trim(), a => a.GetAttribute("href")!);

    /// <summary>The id of the new commitment from the redirect to its page.</summary>
    public static int IdFromRedirect(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {(int)response.StatusCode}");
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Commitments/Details/", location);
        return int.Parse(location["/Commitments/Details/".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Registers a commitment through the new-commitment form, filled in by <paramref name="fill"/>; its id.</summary>
    public static async Task<int> CreateAsync(TestBrowser browser, Action<CommitmentFormPage> fill, string? handler = null)
    {
        var form = await OpenAsync(browser, "/Commitments/Create");
        fill(form);
        return IdFromRedirect(await form.PostAsync(browser, handler));
    }

    public static async Task<string> ErrorTextAsync(HttpResponseMessage response) =>
        string.Join("\n", TestBrowser.Parse(await response.Content.ReadAsStringAsync()).QuerySelectorAll(".error-summary li").Select(li => li.TextContent.Trim()));
}
