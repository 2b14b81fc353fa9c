using System.Net;
using System.Text.RegularExpressions;

namespace Dashboard.Tests.Unit.Infrastructure;

/// <summary>Posts the app's static server-rendered forms (sign-in, setup) the way a browser does: antiforgery token, form name, fields.</summary>
public static partial class HtmlForms
{
    public const string LoginPath = "/account/login";

    /// <summary>Loads <paramref name="pagePath"/> (which must render a form) and returns the antiforgery token it carries.</summary>
    public static async Task<string> GetAntiforgeryTokenAsync(this HttpClient client, string pagePath)
    {
        using var response = await client.GetAsync(pagePath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var match = AntiforgeryInput().Match(html);
        Assert.True(match.Success, $"{pagePath} rendered no antiforgery token.");
        return WebUtility.HtmlDecode(match.Groups["token"].Value);
    }

    /// <summary>Submits a Blazor <c>EditForm</c> with <c>FormName</c> <paramref name="formName"/> bound to a model named <c>Input</c>.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(
        this HttpClient client, string path, string formName, string antiforgeryToken, IReadOnlyDictionary<string, string> inputFields, IReadOnlyDictionary<string, string>? extraFields = null)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("_handler", formName),
            new("__RequestVerificationToken", antiforgeryToken),
        };
        fields.AddRange(inputFields.Select(f => new KeyValuePair<string, string>("Input." + f.Key, f.Value)));
        fields.AddRange(extraFields ?? new Dictionary<string, string>());
        return client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>Signs in through the real login form; the client's cookie container keeps the session.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password)
    {
        var token = await client.GetAntiforgeryTokenAsync(LoginPath);
        return await client.PostFormAsync(LoginPath, "login", token, new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });
    }

    /// <summary>The path a redirect points to, without query; null when the response is not a redirect.</summary>
    public static string? RedirectPath(this HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect) ||
            response.Headers.Location is null)
        {
            return null;
        }

        var location = response.Headers.Location;
        return location.IsAbsoluteUri ? location.AbsolutePath : new Uri(new Uri("http://localhost"), location).AbsolutePath;
    }

    [GeneratedRegex(@"<input[^>]*name=""__RequestVerificationToken""[^>]*value=""(?<token>[^""]+)""|<input[^>]*value=""(?<token>[^""]+)""[^>]*name=""__RequestVerificationToken""")]
    private static partial Regex AntiforgeryInput();
}
