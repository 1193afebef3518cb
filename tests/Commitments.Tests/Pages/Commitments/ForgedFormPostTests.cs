using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>Whatever is posted to the commitment form, the answer is a page that says what is wrong, never an error page.</summary>
public sealed class ForgedFormPostTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    public static readonly TheoryData<string, string, string> OddPosts = new()
    {
        { "", "Form.StartDate", "31-12-2020" },
        { "", "Form.ThemeIds", "abc" },
        { "", "Form.ThemeIds", "999999" },
        { "", "Form.LeadShare", "99999999999999999999999999999999999,5" },
        { "", "Form.Indicators[0].Baseline", "1.000.000.000.000.000.000.000.000.000.000.000" },
        { "", "Form.Indicators[0].TargetDate", "morgen" },
        { "", "Form.CoPartners[0].OrganizationId", "999999" },
        { "", "Form.CoPartners[0].OrganizationId", "-1" },
        { "", "Form.Version", "geen-guid" },
        { "", "Form.OriginalContent", "{niet: json" },
        { "RemoveIndicator", "removeIndicator", "99999999999999" },
        { "RemoveIndicator", "removeIndicator", "-3" },
        { "AddCoPartner", "addCoPartner", "x" },
        { "AddCoPartner", "addCoPartner", "999999" },
        { "RemoveCoPartner", "removeCoPartner", "" },
        { "Search", "Form.CoPartnerSearch", "" },
        { "Search", "Form.CoPartnerSearch", "'; DROP TABLE \"Organizations\"; --" },
        { "Nonexistent", "Form.Title", "x" },
    };

    [Theory]
    [MemberData(nameof(OddPosts))]
    public async Task An_odd_post_to_the_new_commitment_form_gives_a_page_not_an_error(string handler, string field, string value)
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", $"Vreemd {handler} {field} {value}").Indicator(0, "leerlingen", "aantal", "0", "1", "");
        form.Set(field, value);

        var response = await form.PostAsync(limburg, handler == "" ? null : handler);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.NotFound or HttpStatusCode.BadRequest,
            $"{(int)response.StatusCode}");
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Er ging iets mis", html);
    }

    [Fact]
    public async Task An_odd_post_to_the_edit_form_gives_a_page_not_an_error()
    {
        await using var db = app.CreateAdminDbContext();
        var draft = await db.Commitments.FirstAsync(c => c.Organization!.Name == DemoAccounts.LimburgSchool && c.Status == CommitmentStatus.Draft);
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        foreach (var (handler, field, value) in OddPosts.Select(row => ((string)row[0], (string)row[1], (string)row[2])))
        {
            var form = await CommitmentFormPage.OpenAsync(limburg, $"/Commitments/Edit/{draft.Id}");
            form.Set(field, value);
            var response = await form.PostAsync(limburg, handler == "" ? null : handler);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.NotFound or HttpStatusCode.BadRequest,
                $"{handler} {field}={value}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_post_with_thousands_of_rows_is_refused_without_an_error_page()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", "Duizenden regels");
        for (var i = 0; i < 1_500; i++)
        {
            form.Set($"Form.Indicators[{i}].Name", $"indicator {i}");
        }

        var response = await form.PostAsync(limburg);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}");
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.Commitments.AnyAsync(c => c.Title == "Duizenden regels"));
    }

    [Fact]
    public async Task More_than_50_indicators_are_refused_with_a_message()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", "Eenenvijftig indicatoren");
        for (var i = 0; i < 51; i++)
        {
            form.Indicator(i, $"indicator {i}", "aantal", "0", "1", "");
        }

        form = await CommitmentFormPage.FromAsync(await form.PostAsync(limburg), form.Url);

        Assert.Contains("Hoogstens 50 indicatoren per toezegging.", form.Errors);
        var step = await form.StepAsync(limburg, "AddIndicator");
        Assert.Contains("Hoogstens 50 indicatoren per toezegging.", step.Errors);
    }
}
