using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using PrivacyGuard.Pseudonymization;
using PrivacyGuard.Samples.AccountService.Data;

namespace PrivacyGuard.Samples.AccountService.Endpoints;

/// <summary>
/// The service's endpoints. Personal data is protected by the DbContext on save (tokens, ciphertext) and by the
/// PrivacyGuard middleware at the edge (pseudonymized client address; restriction and objection per purpose).
/// </summary>
public static class AccountEndpoints
{
    /// <summary>The purpose of the vendor export: third-party sharing of de-identified data.</summary>
    public static ProcessingPurpose VendorSharing { get; } = ProcessingPurpose.Create("VendorSharing");

    /// <summary>Maps <c>/accounts</c>, <c>/marketing/mailing-list</c> and <c>/vendor/accounts</c>.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/accounts", SignUpAsync);
        endpoints.MapGet("/accounts/{accountId:guid}", ReadProfileAsync);
        endpoints.MapPut("/accounts/{accountId:guid}", UpdateProfileAsync);
        endpoints.MapGet("/marketing/mailing-list", MailingListAsync).RequiresPurpose(ProcessingPurpose.Marketing);
        endpoints.MapGet("/vendor/accounts", VendorExportAsync).RequiresPurpose(VendorSharing);
        return endpoints;
    }

    private static async Task<Results<Created<ProfileResponse>, ValidationProblem, Conflict>> SignUpAsync(
        SignUpRequest request, HttpContext context, AccountsDbContext db, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.RealName) || string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrWhiteSpace(request.Email))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["account"] = ["realName, userName and email are required."] });
        }

        if (await db.Accounts.WherePersonal(a => a.Email, request.Email).AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.Conflict();
        }

        var account = new Account
        {
            Id = Guid.NewGuid(),
            RealName = request.RealName,
            UserName = request.UserName,
            Email = request.Email,
            // Already pseudonymized by the PrivacyGuard middleware: the raw address never reaches the endpoint.
            SignUpIp = context.Connection.RemoteIpAddress?.ToString(),
            Settings = JsonSerializer.Serialize(request.Settings ?? []),
            MarketingOptIn = request.MarketingOptIn,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Accounts.Add(account);
        if (await TrySaveAsync(db, cancellationToken).ConfigureAwait(false) is { } problem)
        {
            return problem;
        }

        return TypedResults.Created($"/accounts/{account.Id}", ToProfile(account));
    }

    private static async Task<Results<Ok<ProfileResponse>, NotFound>> ReadProfileAsync(Guid accountId, AccountsDbContext db, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId, cancellationToken).ConfigureAwait(false);
        return account is null ? TypedResults.NotFound() : TypedResults.Ok(ToProfile(account));
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem, Conflict>> UpdateProfileAsync(
        Guid accountId, UpdateProfileRequest request, AccountsDbContext db, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == accountId, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        if (!string.IsNullOrWhiteSpace(request.RealName))
        {
            account.RealName = request.RealName;
        }

        if (!string.IsNullOrWhiteSpace(request.Email))
        {
            account.Email = request.Email;
        }

        if (request.Settings is not null)
        {
            account.Settings = JsonSerializer.Serialize(request.Settings);
        }

        if (request.MarketingOptIn is { } optIn)
        {
            account.MarketingOptIn = optIn;
        }

        return await TrySaveAsync(db, cancellationToken).ConfigureAwait(false) is { } problem ? problem : TypedResults.NoContent();
    }

    private static async Task<Ok<List<MailingListEntry>>> MailingListAsync(AccountsDbContext db, CancellationToken cancellationToken)
    {
        // The request runs in a Marketing privacy scope (RequiresPurpose): the restriction filter leaves out restricted
        // subjects and those who objected to Marketing.
        var accounts = await db.Accounts.AsNoTracking().Where(a => a.MarketingOptIn).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(accounts.Select(a => new MailingListEntry { AccountId = a.Id, RealName = a.RealName, Email = a.Email }).ToList());
    }

    private static async Task<Ok<List<VendorRow>>> VendorExportAsync(AccountsDbContext db, IPseudonymizerProvider pseudonymizers, CancellationToken cancellationToken)
    {
        var tokens = pseudonymizers.GetValuePseudonymizer(VendorSharing);
        var accounts = await db.Accounts.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(accounts.Select(a => new VendorRow
        {
            Customer = tokens.Pseudonymize(a.Id.ToString("D", CultureInfo.InvariantCulture)),
            Contact = tokens.Pseudonymize(a.Email),
            SignUpNetwork = a.SignUpIp,
            SignedUpOn = DateOnly.FromDateTime(a.CreatedAt.UtcDateTime),
            MarketingOptIn = a.MarketingOptIn,
        }).ToList());
    }

    private static async Task<ValidationProblem?> TrySaveAsync(AccountsDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (PseudonymizationException)
        {
            // The message names the problem, never the value.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["The e-mail address is not valid."] });
        }
    }

    private static ProfileResponse ToProfile(Account account) => new()
    {
        Id = account.Id,
        RealName = account.RealName,
        UserName = account.UserName,
        Email = account.Email,
        SignUpIp = account.SignUpIp,
        // An erased subject's encrypted values read as null (the key is shredded), e.g. a row restored from an old backup.
        Settings = account.Settings is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(account.Settings) ?? [],
        MarketingOptIn = account.MarketingOptIn,
        CreatedAt = account.CreatedAt,
    };
}
