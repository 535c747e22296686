<?php
// Issue a certificate from PHP (OpenSID and its relatives), then check its
// seal: plain PHP, no extension beyond what php-cli has.
//   SUKET_URL=http://127.0.0.1:8080 SUKET_KEY=sk_... php issue.php penduduk.json foto.jpg surat.pdf
[$script, $residentFile, $photoFile, $outFile] = $argv + [null, null, null, null];
if (!$outFile) {
    fwrite(STDERR, "usage: php issue.php resident.json photo.jpg out.pdf\n");
    exit(2);
}
$url = rtrim(getenv('SUKET_URL') ?: 'http://127.0.0.1:8080', '/');
$key = getenv('SUKET_KEY');

function call(string $method, string $url, string $key, string $type, string $body, array $headers = []): array
{
    $context = stream_context_create(['http' => [
        'method' => $method,
        'header' => array_merge(["Authorization: Bearer $key", "Content-Type: $type", 'Accept: application/json'], $headers),
        'content' => $body,
        'ignore_errors' => true, // read the error body too
        'timeout' => 60,
    ]]);
    $answer = file_get_contents($url, false, $context);
    preg_match('{HTTP/\S+ (\d{3})}', $http_response_header[0], $m);
    return [(int) $m[1], json_decode($answer, true)];
}

$resident = json_decode(file_get_contents($residentFile), true);
$resident['photo'] = base64_encode(file_get_contents($photoFile));
$body = json_encode(['resident' => $resident]);
// The key is made from the request and the day: the same form submitted twice (a double click, a retry after a
// timeout) gives the same certificate, never a second number. A random key each time would issue twice.
$requestId = 'opensid-' . date('Ymd') . '-' . substr(hash('sha256', $body), 0, 40);
[$status, $issued] = call('POST', "$url/v1/certificates", $key, 'application/json', $body, ["Idempotency-Key: $requestId"]);
// 201: issued now; 200: this very request was issued before (the same key), and here is that certificate again.
if ($status !== 201 && $status !== 200) {
    fwrite(STDERR, "not issued ($status): {$issued['error']}\n");
    foreach ($issued['issues'] ?? [] as $issue) fwrite(STDERR, "  {$issue['path']}: {$issue['message']} [{$issue['code']}]\n");
    exit(1);
}
file_put_contents($outFile, base64_decode($issued['pdf']));
echo ($status === 201 ? 'issued' : 'issued before') . " {$issued['number']} sha256 {$issued['sha256']}\n";

// A teller's check: the PDF itself, its seal read from the page.
[$status, $verdict] = call('POST', "$url/v1/verify", $key, 'application/pdf', file_get_contents($outFile));
echo $verdict['valid'] ? "seal valid: {$verdict['fields']['number']}\n" : "seal INVALID: {$verdict['reason']}\n";
exit($verdict['valid'] ? 0 : 1);
