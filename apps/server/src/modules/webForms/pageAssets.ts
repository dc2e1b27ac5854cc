/**
 * The static parts of the public form page: its style sheet, its script, and the embed script a
 * host site loads beside the iframe. Plain ES5-level JavaScript so old phone browsers run it; the
 * page works without a framework and, for the basics, without JavaScript at all.
 */

export const PAGE_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei","Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2329;background:#f5f6f8}
body.embed{background:transparent}
main{max-width:560px;margin:24px auto;padding:24px 20px;background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
body.embed main{margin:0 auto;box-shadow:none;background:transparent;padding:8px 4px}
h1{font-size:22px;line-height:1.3;margin:0 0 8px}
.desc{color:#555;margin:0 0 20px;white-space:pre-line}
.field{margin:0 0 16px;border:0;padding:0}
.field>label,.field>legend{display:block;font-weight:600;margin:0 0 6px;padding:0}
.req{color:#d4380d;margin-left:2px}
input[type=text],input[type=tel],input[type=email],input[type=url],input[type=date],select,textarea{display:block;width:100%;font:inherit;padding:10px 12px;border:1px solid #d0d3d9;border-radius:8px;background:#fff;color:inherit}
textarea{min-height:96px;resize:vertical}
input:focus,select:focus,textarea:focus{outline:2px solid #1677ff33;border-color:#1677ff}
.choice{display:flex;align-items:flex-start;gap:8px;margin:4px 0;font-weight:400}
.choice input{margin-top:5px;width:16px;height:16px;flex:none}
.help{color:#6b7280;font-size:14px;margin:4px 0 0}
.err{color:#d4380d;font-size:14px;margin:4px 0 0;min-height:0}
.err:empty{display:none}
.invalid input,.invalid select,.invalid textarea{border-color:#d4380d}
.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
button{display:block;width:100%;font:inherit;font-weight:600;padding:12px;border:0;border-radius:8px;background:#1677ff;color:#fff;cursor:pointer}
button[disabled]{opacity:.6;cursor:default}
.form-error{color:#d4380d;margin:12px 0 0}
.form-error:empty{display:none}
.notice{background:#fffbe6;border:1px solid #ffe58f;border-radius:8px;padding:8px 12px;margin:0 0 16px;font-size:14px}
.done{text-align:center;padding:24px 0;font-size:18px;white-space:pre-line}
@media (min-width:600px){button{width:auto;min-width:160px;padding:10px 32px}}
`;

export const PAGE_SCRIPT = `(function(){
var cfg=JSON.parse(document.getElementById('ll-config').textContent);
var form=document.getElementById('ll-form');
var done=document.getElementById('ll-done');
var formErr=document.getElementById('ll-form-error');
var button=form.querySelector('button[type=submit]');
form.noValidate=true;
var embedded=window.parent!==window;
var ctx={pageUrl:embedded?(document.referrer||''):location.href,referrer:embedded?'':document.referrer};
var own={};
location.search.replace(/^\\?/,'').split('&').forEach(function(p){var kv=p.split('=');if(/^utm_(source|medium|campaign|term|content)$/.test(kv[0])&&kv[1]){try{own[kv[0]]=decodeURIComponent(kv[1].replace(/\\+/g,' '))}catch(e){}}});
function report(){if(embedded)window.parent.postMessage({type:'loopline-form:height',key:cfg.key,height:Math.ceil(document.documentElement.getBoundingClientRect().height)},'*')}
if(embedded){
window.addEventListener('message',function(e){var d=e.data;if(e.source!==window.parent||!d||d.type!=='loopline-form:context')return;
if(typeof d.pageUrl==='string')ctx.pageUrl=d.pageUrl.slice(0,2000);if(typeof d.referrer==='string')ctx.referrer=d.referrer.slice(0,2000)});
window.parent.postMessage({type:'loopline-form:ready',key:cfg.key},'*');
if(window.ResizeObserver)new ResizeObserver(report).observe(document.body);else setInterval(report,500);
window.addEventListener('load',report);report();
}
function el(i,p){return document.getElementById(p+i)}
function setErr(i,msg){var e=el(i,'e-');if(!e)return;e.textContent=msg||'';var w=el(i,'w-');if(w)w.className=msg?'field invalid':'field'}
function value(f,i){
if(f.input==='checkbox'){var c=el(i,'f-');return c.checked?true:undefined}
if(f.input==='multiselect'){var out=[];var boxes=document.querySelectorAll('input[data-for="'+i+'"]');for(var j=0;j<boxes.length;j++)if(boxes[j].checked)out.push(boxes[j].value);return out.length?out:undefined}
var v=el(i,'f-').value.trim();return v===''?undefined:v}
function showDone(msg){form.hidden=true;done.textContent=msg;done.hidden=false;window.scrollTo(0,0);report()}
function redirect(url){if(embedded){window.parent.postMessage({type:'loopline-form:redirect',key:cfg.key,url:url},'*');setTimeout(function(){try{window.top.location.href=url}catch(e){location.href=url}},400)}else location.href=url}
form.addEventListener('submit',function(ev){
ev.preventDefault();formErr.textContent='';
var body={},bad=-1;
cfg.fields.forEach(function(f,i){var v=value(f,i);var msg='';
if(v===undefined&&f.required)msg=cfg.text.required;else if(typeof v==='string'&&f.maxLength&&v.length>f.maxLength)msg=cfg.text.tooLong.replace('{n}',f.maxLength);
setErr(i,msg);if(msg&&bad<0)bad=i;if(v!==undefined)body[f.key]=v});
if(bad>=0){var b=el(bad,'f-')||document.querySelector('input[data-for="'+bad+'"]');if(b)b.focus();report();return}
if(cfg.preview){formErr.textContent=cfg.text.preview;report();return}
body.website=document.getElementById('ll-hp').value;body._token=cfg.token;body._pageUrl=ctx.pageUrl;body._referrer=ctx.referrer;
for(var k in own)body[k]=own[k];
button.disabled=true;
fetch(cfg.submitUrl,{method:'POST',credentials:'omit',headers:{'content-type':'application/json',accept:'application/json'},body:JSON.stringify(body)})
.then(function(r){return r.json().then(function(d){return{ok:r.ok,d:d}})})
.then(function(res){button.disabled=false;var d=res.d||{};
if(res.ok){if(d.redirect)redirect(d.redirect);else showDone(d.message||'');return}
var err=d.error||{};var fields=(err.details&&err.details.fields)||[];var first=-1;
fields.forEach(function(x){cfg.fields.forEach(function(f,i){if(f.key===x.field){setErr(i,x.message);if(first<0)first=i}})});
if(first<0)formErr.textContent=err.message||cfg.text.failed;report()})
.catch(function(){button.disabled=false;formErr.textContent=cfg.text.network;report()});
});
})();`;

/** Loaded by host pages beside the iframe: sizes it to its content and passes the page's address. */
export const EMBED_SCRIPT = `(function(){
var me=document.currentScript;if(!me)return;var origin=new URL(me.src).origin;
function frames(){return document.querySelectorAll('iframe[data-loopline-form]')}
function context(w){w.postMessage({type:'loopline-form:context',pageUrl:location.href,referrer:document.referrer},origin)}
window.addEventListener('message',function(e){var d=e.data;if(e.origin!==origin||!d||typeof d.type!=='string')return;
var list=frames();for(var i=0;i<list.length;i++){var f=list[i];if(f.contentWindow!==e.source)continue;
if(d.type==='loopline-form:height'&&typeof d.height==='number')f.style.height=Math.min(Math.max(Math.ceil(d.height),120),20000)+'px';
else if(d.type==='loopline-form:ready')context(f.contentWindow);
else if(d.type==='loopline-form:redirect'&&typeof d.url==='string'&&/^https?:\\/\\//i.test(d.url))location.href=d.url}});
var list=frames();for(var i=0;i<list.length;i++)if(list[i].contentWindow)context(list[i].contentWindow);
})();`;
